// Fuzz target: JSON-RPC body decoding and validation (protocol/json_rpc.h), what the server
// does with every POST body and the suite with every answer. Properties:
//   1. Input that is not valid UTF-8 is a parse error (JR-20).
//   2. Each valid message survives serialize -> decode -> serialize unchanged: one message of
//      the same kind, id (type kept: "1" is not 1) and method, with identical JSON text.
//   3. A batch of the valid messages round-trips the same way through serializeBatch.
//   4. The error answer built for each invalid element decodes as an error with that id.
//   5. When the fast path (protocol/json_request_fast_path.h) accepts the text, the general
//      path (POCO parse, then validation) decodes it to the same message, value types included.
#include "fuzz/fuzz_support.h"
#include "protocol/json_request_fast_path.h"
#include "protocol/json_rpc.h"
#include "protocol/json_text.h"

#include <string>
#include <vector>

namespace {

using mcp::DecodedBody;
using mcp::JsonRpcMessage;

// Decodes text that must hold exactly one valid message, and returns it.
JsonRpcMessage decodeSingle(const std::string& text) {
    DecodedBody body = mcp::decodeJsonRpcBody(text);
    FUZZ_CHECK(!body.parseError, "a serialized message does not parse");
    FUZZ_CHECK(!body.isBatch && body.items.size() == 1, "a serialized message is not one message");
    FUZZ_CHECK(body.items[0].message.has_value(), "a serialized message is not valid");
    return *body.items[0].message;
}

void checkRoundTrip(const JsonRpcMessage& message) {
    std::string first = mcp::serialize(message);
    JsonRpcMessage again = decodeSingle(first);
    FUZZ_CHECK(again.kind == message.kind, "message kind changed in the round trip");
    FUZZ_CHECK(again.id == message.id, "message id changed in the round trip");
    FUZZ_CHECK(again.method == message.method, "method changed in the round trip");
    FUZZ_CHECK(mcp::serialize(again) == first, "serialize(decode(serialize(m))) != serialize(m)");
}

void checkBatchRoundTrip(const std::vector<JsonRpcMessage>& messages) {
    if (messages.empty()) return;
    std::string first = mcp::serializeBatch(messages);
    DecodedBody body = mcp::decodeJsonRpcBody(first);
    FUZZ_CHECK(!body.parseError && body.isBatch, "a serialized batch does not parse as a batch");
    FUZZ_CHECK(body.items.size() == messages.size(), "a batch changed its length in the round trip");
    std::vector<JsonRpcMessage> again;
    for (const auto& item : body.items) {
        FUZZ_CHECK(item.message.has_value(), "a batch element became invalid in the round trip");
        again.push_back(*item.message);
    }
    FUZZ_CHECK(mcp::serializeBatch(again) == first, "a batch changed in the round trip");
}

void checkErrorAnswer(const mcp::DecodedItem& item) {
    FUZZ_CHECK(item.error.has_value(), "an invalid element without an error");
    auto answer = mcp::makeErrorResponse(item.errorId, item.error->code, item.error->message);
    JsonRpcMessage decoded = decodeSingle(mcp::serialize(answer));
    FUZZ_CHECK(decoded.kind == mcp::MessageKind::Error, "an error answer does not decode as an error");
    FUZZ_CHECK(decoded.id == item.errorId, "an error answer lost its id");
    FUZZ_CHECK(decoded.error.code == item.error->code, "an error answer lost its code");
}

void checkFastPathAgrees(std::string_view text) {
    auto fast = mcp::decodeRequestFast(text, 64);
    if (!fast) return;
    auto parsed = mcp::parseJsonText(text, 64);
    FUZZ_CHECK(parsed.value.has_value(), "the fast path accepted text the general path refuses");
    auto general = mcp::validateJsonRpcValue(*parsed.value).message;
    FUZZ_CHECK(general.has_value(), "the fast path accepted a message the general path finds invalid");
    FUZZ_CHECK(fast->kind == general->kind && fast->id == general->id && fast->method == general->method,
               "the fast and general paths disagree on kind, id or method");
    FUZZ_CHECK(fast->params.isNull() == general->params.isNull(), "the paths disagree on params' presence");
    if (fast->params)
        FUZZ_CHECK(mcp::identicalJsonValues(Poco::Dynamic::Var(fast->params), Poco::Dynamic::Var(general->params)),
                   "the fast and general paths decoded params differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    checkFastPathAgrees(text);
    DecodedBody body = mcp::decodeJsonRpcBody(text);
    if (!mcp::isValidUtf8(text)) FUZZ_CHECK(body.parseError, "invalid UTF-8 was not a parse error");
    if (body.parseError) {
        FUZZ_CHECK(body.items.empty(), "a parse error with decoded items");
        return 0;
    }
    FUZZ_CHECK(!body.emptyBatch || (body.isBatch && body.items.empty()), "emptyBatch set for a non-empty body");

    std::vector<JsonRpcMessage> valid;
    for (const auto& item : body.items) {
        if (item.message) {
            FUZZ_CHECK(!item.error, "an element is both a message and an error");
            checkRoundTrip(*item.message);
            valid.push_back(*item.message);
        } else {
            checkErrorAnswer(item);
        }
    }
    checkBatchRoundTrip(valid);
    return 0;
}
