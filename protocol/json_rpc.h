// JSON-RPC 2.0 message model on POCO JSON: decode and validate untrusted bodies,
// build and serialize messages (JR-1 .. JR-20).
//
//   auto body = mcp::decodeJsonRpcBody(R"({"jsonrpc":"2.0","id":7,"method":"ping"})");
//   if (body.parseError) reply(mcp::makeErrorResponse(std::nullopt, mcp::kParseError, "Parse error"));
//   for (auto& item : body.items)
//     if (item.message) dispatch(*item.message);
//     else reply(mcp::makeErrorResponse(item.errorId, item.error->code, item.error->message));
//
// Ids are a string or an integer, never null (MCP). Integers keep their exact value
// in the whole int64 range (so 2^53-1 and beyond, where doubles lose precision), and
// "1" and 1 never compare equal. Integers outside int64 and fractional numbers are
// refused as invalid ids. Input must be UTF-8 (JR-20); invalid UTF-8 is a parse error.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mcp {

// Standard JSON-RPC 2.0 error codes.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;

// A request id: integer or string, with its JSON type preserved.
class JsonRpcId {
public:
    JsonRpcId(std::int64_t value) : value_(value) {}            // NOLINT: implicit on purpose
    JsonRpcId(std::string value) : value_(std::move(value)) {}  // NOLINT
    JsonRpcId(const char* value) : value_(std::string(value)) {} // NOLINT

    bool isString() const { return std::holds_alternative<std::string>(value_); }
    bool isInteger() const { return !isString(); }
    std::int64_t integer() const { return std::get<std::int64_t>(value_); }
    const std::string& string() const { return std::get<std::string>(value_); }

    // The id as JSON text: 42 or "x" (escaped).
    std::string toJson() const;
    Poco::Dynamic::Var toVar() const;
    // Reads an id from a JSON value; nullopt when it is not a valid MCP id.
    static std::optional<JsonRpcId> fromVar(const Poco::Dynamic::Var& value);

    bool operator==(const JsonRpcId&) const = default;
    auto operator<=>(const JsonRpcId&) const = default;

private:
    std::variant<std::int64_t, std::string> value_;
};

struct JsonRpcError {
    int code = 0;
    std::string message;
    Poco::Dynamic::Var data;  // empty when absent
};

enum class MessageKind { Request, Notification, Response, Error };

// One valid JSON-RPC 2.0 message.
struct JsonRpcMessage {
    MessageKind kind = MessageKind::Request;
    std::optional<JsonRpcId> id;        // Request, Response; Error when the id was readable
    std::string method;                 // Request, Notification
    Poco::JSON::Object::Ptr params;     // Request, Notification; null when absent
    Poco::JSON::Object::Ptr result;     // Response
    JsonRpcError error;                 // Error

    bool isRequest() const { return kind == MessageKind::Request; }
    bool isNotification() const { return kind == MessageKind::Notification; }
    bool isResponse() const { return kind == MessageKind::Response || kind == MessageKind::Error; }
};

// One element of a decoded body: either a valid message, or the error to answer with.
struct DecodedItem {
    std::optional<JsonRpcMessage> message;
    std::optional<JsonRpcError> error;        // set when the element is not a valid message
    std::optional<JsonRpcId> errorId;         // id to put on that error (absent -> null)
    bool errorIsForNotification = false;      // invalid but looked like a notification
};

struct DecodeLimits {
    std::size_t maxDepth = 64;            // nesting depth of JSON values
    std::size_t maxBatchItems = 1000;
};

struct DecodedBody {
    bool parseError = false;          // not JSON, or not UTF-8 (-> -32700)
    std::string parseErrorDetail;     // short reason, never echoes large input
    bool isBatch = false;             // the top level was an array
    bool emptyBatch = false;          // "[]" (-> a single -32600, JR-17)
    std::vector<DecodedItem> items;   // one per message (batch elements in order)
};

// Decodes an HTTP body or an SSE data payload. Never throws. A single valid request or
// notification in a small body takes the simdjson fast path (json_request_fast_path.h).
DecodedBody decodeJsonRpcBody(std::string_view text, const DecodeLimits& limits = {});

// Validates one already-parsed JSON value as a message (used by decodeJsonRpcBody).
DecodedItem validateJsonRpcValue(const Poco::Dynamic::Var& value);

// True when the bytes are well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view text);

// Builders. A null params/result pointer means "absent" for params and "{}" for result.
JsonRpcMessage makeRequest(JsonRpcId id, std::string method, Poco::JSON::Object::Ptr params = nullptr);
JsonRpcMessage makeNotification(std::string method, Poco::JSON::Object::Ptr params = nullptr);
// The client's opening request: initialize with protocolVersion, capabilities ({} when null)
// and clientInfo {name, version}.
JsonRpcMessage makeInitializeRequest(JsonRpcId id, std::string protocolVersion, std::string clientName,
                                     std::string clientVersion, Poco::JSON::Object::Ptr capabilities = nullptr);
JsonRpcMessage makeResult(JsonRpcId id, Poco::JSON::Object::Ptr result);
JsonRpcMessage makeErrorResponse(std::optional<JsonRpcId> id, int code, std::string message,
                                 Poco::Dynamic::Var data = {});

// Compact JSON text of a message ("jsonrpc":"2.0" first). Error ids absent -> null.
std::string serialize(const JsonRpcMessage& message);
// A JSON array of messages.
std::string serializeBatch(const std::vector<JsonRpcMessage>& messages);
// Compact JSON text of any POCO JSON value.
std::string toJsonText(const Poco::Dynamic::Var& value);

}  // namespace mcp
