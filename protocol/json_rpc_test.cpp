// Tests for the JSON-RPC model: UTF-8 check, parsing limits, validation of every
// message shape, exact integer ids, escaping, serialization and round trips.
#include "protocol/json_rpc.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace mcp {
namespace {

using namespace std::string_literals;
using Poco::Dynamic::Var;
using Poco::JSON::Object;

// Decodes a body that must hold exactly one item.
DecodedItem decodeOne(const std::string& text) {
    DecodedBody body = decodeJsonRpcBody(text);
    EXPECT_FALSE(body.parseError) << text << ": " << body.parseErrorDetail;
    EXPECT_EQ(body.items.size(), 1u) << text;
    return body.items.empty() ? DecodedItem{} : body.items[0];
}

Var parsePoco(const std::string& text) { return Poco::JSON::Parser().parse(text); }

TEST(JsonRpcUtf8, Validity) {
    const std::string valid[] = {"", "abc", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
                                 "\xED\x9F\xBF", "\xEE\x80\x80", "\xC2\x80", "\xEF\xBF\xBF", "a\0b"s};
    const std::string invalid[] = {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF",
                                   "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",
                                   "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xFE", "\xE2\x82",
                                   "\xF0\x9F\x98", "\xC3", "a\xC3", "\xC3\x28", "\xE2\x28\xA1"};
    for (const std::string& s : valid) EXPECT_TRUE(isValidUtf8(s)) << testing::PrintToString(s);
    for (const std::string& s : invalid) EXPECT_FALSE(isValidUtf8(s)) << testing::PrintToString(s);
}

// Documents what POCO 1.11 itself produces, which the decoder relies on or works around.
TEST(JsonRpcPoco, NumberTypes) {
    struct Row { std::string literal; const std::type_info& type; };
    const Row rows[] = {
        {"9007199254740993", typeid(Poco::Int64)}, {"-7", typeid(Poco::Int64)}, {"0", typeid(Poco::Int64)},
        {"9223372036854775807", typeid(Poco::Int64)}, {"-9223372036854775808", typeid(Poco::Int64)},
        {"9223372036854775808", typeid(Poco::UInt64)}, {"1.0", typeid(double)}, {"1e3", typeid(double)},
    };
    for (const Row& row : rows) {
        Var v = parsePoco("[" + row.literal + "]").extract<Poco::JSON::Array::Ptr>()->get(0);
        EXPECT_EQ(v.type(), row.type) << row.literal;
    }
    // POCO wraps 2^64 to 0 on its own; decodeJsonRpcBody turns such literals into doubles.
    EXPECT_EQ(parsePoco("[18446744073709551616]").extract<Poco::JSON::Array::Ptr>()->get(0).convert<Poco::UInt64>(), 0u);
}

TEST(JsonRpcId, IntegerIdsRoundTripExactly) {
    const std::int64_t ids[] = {9007199254740993, 9007199254740991, -7, 0, 1,
                                std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()};
    for (std::int64_t id : ids) {
        const std::string text = R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"ping"})";
        DecodedItem item = decodeOne(text);
        ASSERT_TRUE(item.message) << text;
        ASSERT_TRUE(item.message->id);
        EXPECT_TRUE(item.message->id->isInteger());
        EXPECT_EQ(item.message->id->integer(), id);
        EXPECT_EQ(serialize(*item.message), text);
    }
}

TEST(JsonRpcId, StringIdsRoundTrip) {
    for (const std::string id : {"1", "", "abc", "\xC3\xA9", "a\"b\\c", "9007199254740993"}) {
        JsonRpcMessage request = makeRequest(JsonRpcId(id), "ping");
        DecodedItem item = decodeOne(serialize(request));
        ASSERT_TRUE(item.message);
        ASSERT_TRUE(item.message->id);
        EXPECT_TRUE(item.message->id->isString());
        EXPECT_EQ(item.message->id->string(), id);
    }
}

TEST(JsonRpcId, TypeIsPartOfIdentity) {
    EXPECT_NE(JsonRpcId("1"), JsonRpcId(std::int64_t{1}));
    EXPECT_EQ(JsonRpcId(std::int64_t{1}), JsonRpcId(std::int64_t{1}));
    EXPECT_EQ(JsonRpcId("a"), JsonRpcId(std::string("a")));
    EXPECT_EQ(JsonRpcId(std::int64_t{42}).toJson(), "42");
    EXPECT_EQ(JsonRpcId("x\"y").toJson(), R"("x\"y")");
    EXPECT_EQ(JsonRpcId(std::int64_t{-3}).toVar().type(), typeid(Poco::Int64));
    EXPECT_EQ(JsonRpcId("s").toVar().extract<std::string>(), "s");
}

TEST(JsonRpcId, FromVar) {
    EXPECT_EQ(JsonRpcId::fromVar(Var(Poco::Int64{5})), JsonRpcId(std::int64_t{5}));
    EXPECT_EQ(JsonRpcId::fromVar(Var(int{5})), JsonRpcId(std::int64_t{5}));
    EXPECT_EQ(JsonRpcId::fromVar(Var(Poco::UInt64{5})), JsonRpcId(std::int64_t{5}));
    EXPECT_EQ(JsonRpcId::fromVar(Var(std::string("5"))), JsonRpcId("5"));
    EXPECT_FALSE(JsonRpcId::fromVar(Var(Poco::UInt64{1} << 63)));
    EXPECT_FALSE(JsonRpcId::fromVar(Var(true)));
    EXPECT_FALSE(JsonRpcId::fromVar(Var(1.0)));
    EXPECT_FALSE(JsonRpcId::fromVar(Var()));
    EXPECT_FALSE(JsonRpcId::fromVar(Var(Object::Ptr(new Object))));
}

TEST(JsonRpcId, InvalidIdsAreInvalidRequestsWithoutId) {
    for (const std::string id : {"null", "true", "false", "1.5", "1.0", "1e3", "-0.0", "{}", "[]", "[1]",
                                 "9223372036854775808", "18446744073709551615", "18446744073709551616",
                                 "-9223372036854775809", "123456789012345678901234567890"}) {
        DecodedItem item = decodeOne(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"ping"})");
        EXPECT_FALSE(item.message) << id;
        ASSERT_TRUE(item.error) << id;
        EXPECT_EQ(item.error->code, kInvalidRequest) << id;
        EXPECT_FALSE(item.errorId) << id;
        EXPECT_FALSE(item.errorIsForNotification) << id;
    }
}

struct ValidationCase {
    std::string text;
    std::optional<MessageKind> kind{};          // set when valid
    std::optional<JsonRpcId> errorId{};         // for invalid items
    bool forNotification = false;
};
void PrintTo(const ValidationCase& c, std::ostream* os) { *os << c.text; }

class JsonRpcValidation : public ::testing::TestWithParam<ValidationCase> {};

TEST_P(JsonRpcValidation, ClassifiesMessage) {
    const ValidationCase& c = GetParam();
    DecodedItem item = decodeOne(c.text);
    if (c.kind) {
        ASSERT_TRUE(item.message) << c.text << ": " << (item.error ? item.error->message : "");
        EXPECT_FALSE(item.error);
        EXPECT_EQ(item.message->kind, *c.kind) << c.text;
    } else {
        EXPECT_FALSE(item.message) << c.text;
        ASSERT_TRUE(item.error) << c.text;
        EXPECT_EQ(item.error->code, kInvalidRequest) << c.text;
        EXPECT_FALSE(item.error->message.empty());
        EXPECT_EQ(item.errorId, c.errorId) << c.text;
        EXPECT_EQ(item.errorIsForNotification, c.forNotification) << c.text;
    }
}

const std::optional<JsonRpcId> kNoId;
const JsonRpcId kId1(std::int64_t{1});

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonRpcValidation,
    ::testing::Values(
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":"ping"})", MessageKind::Request},
        ValidationCase{R"({"jsonrpc":"2.0","id":"a","method":"x","params":{"k":[1,{"z":null}]}})", MessageKind::Request},
        ValidationCase{R"({"method":"ping","id":1,"jsonrpc":"2.0"})", MessageKind::Request},
        ValidationCase{R"({"jsonrpc":"2.0","method":"notifications/initialized"})", MessageKind::Notification},
        ValidationCase{R"({"jsonrpc":"2.0","method":"n","params":{}})", MessageKind::Notification},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"result":{}})", MessageKind::Response},
        ValidationCase{R"({"jsonrpc":"2.0","id":"r","result":{"tools":[]}})", MessageKind::Response},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"nope"}})", MessageKind::Error},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"","data":[1]}})", MessageKind::Error},
        ValidationCase{R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})", MessageKind::Error},
        // Invalid, id kept when readable.
        ValidationCase{R"({"id":1,"method":"ping"})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"1.0","id":1,"method":"ping"})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":2.0,"id":1,"method":"ping"})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":5})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":null})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":"x","params":[1]})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":"x","params":"a"})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":"x","params":null})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"method":"x","result":{}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"result":1})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"result":[]})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"result":null})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":"boom"})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"message":"m"}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":"1","message":"m"}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":2147483648,"message":"m"}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})", std::nullopt, kId1},
        ValidationCase{R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":7}})", std::nullopt, kId1},
        // Invalid, no usable id.
        ValidationCase{R"({"jsonrpc":"2.0","result":{}})", std::nullopt, kNoId},
        ValidationCase{R"({"jsonrpc":"2.0","id":null,"result":{}})", std::nullopt, kNoId},
        ValidationCase{R"({"jsonrpc":"2.0","id":null,"method":"ping"})", std::nullopt, kNoId},
        ValidationCase{R"({"jsonrpc":"2.0","id":{},"method":"ping"})", std::nullopt, kNoId},
        ValidationCase{R"({})", std::nullopt, kNoId},
        ValidationCase{R"(1)", std::nullopt, kNoId},
        ValidationCase{R"("x")", std::nullopt, kNoId},
        ValidationCase{R"(null)", std::nullopt, kNoId},
        ValidationCase{R"( true )", std::nullopt, kNoId},
        // Invalid notifications.
        ValidationCase{R"({"jsonrpc":"2.0","method":"n","params":[]})", std::nullopt, kNoId, true},
        ValidationCase{R"({"method":"n"})", std::nullopt, kNoId, true},
        ValidationCase{R"({"jsonrpc":"2.0","method":5})", std::nullopt, kNoId, true}));

TEST(JsonRpcDecode, MessageFieldsAreRead) {
    DecodedItem item = decodeOne(R"({"jsonrpc":"2.0","id":"q","method":"tools/call","params":{"name":"add","n":3}})");
    ASSERT_TRUE(item.message);
    EXPECT_TRUE(item.message->isRequest());
    EXPECT_EQ(item.message->method, "tools/call");
    ASSERT_TRUE(item.message->params);
    EXPECT_EQ(item.message->params->getValue<std::string>("name"), "add");
    EXPECT_EQ(item.message->params->getValue<int>("n"), 3);

    DecodedItem error = decodeOne(R"({"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"bad","data":{"k":1}}})");
    ASSERT_TRUE(error.message);
    EXPECT_TRUE(error.message->isResponse());
    EXPECT_EQ(error.message->error.code, kInvalidParams);
    EXPECT_EQ(error.message->error.message, "bad");
    EXPECT_EQ(toJsonText(error.message->error.data), R"({"k":1})");
}

TEST(JsonRpcDecode, ParseErrors) {
    const std::string bad[] = {"", " ", "{", "}", "{\"a\":1} x", "{'a':1}", "[1,]", "{\"a\":01}", "{\"a\":NaN}",
                               "1 2", "{\"a\":1}{\"b\":2}", "{\"a\":\"\x01\"}", "{\"a\":\"x\0y\"}"s,
                               "{\"a\":\"\xFF\"}", "\xC3", "{\"a\":\"\\ud800\"}", "/*c*/{}", "]", "],[",
                               "1],[2", "{\"a\":1e}", "\"unterminated"};
    for (const std::string& text : bad) {
        DecodedBody body = decodeJsonRpcBody(text);
        EXPECT_TRUE(body.parseError) << testing::PrintToString(text);
        EXPECT_FALSE(body.parseErrorDetail.empty());
        EXPECT_TRUE(body.items.empty());
    }
    EXPECT_NE(decodeJsonRpcBody("{\"a\":\"\xC0\x80\"}").parseErrorDetail.find("UTF-8"), std::string::npos);
}

// Byte mutations of valid bodies: decoding never throws, every item is either a message
// or an error, and every decoded message survives serialize -> decode.
TEST(JsonRpcDecode, MutatedBodiesAreHandled) {
    const std::string seeds[] = {
        R"({"jsonrpc":"2.0","id":9007199254740993,"method":"tools/call","params":{"a":[1,2.5,"\u00e9"]}})",
        R"([{"jsonrpc":"2.0","method":"n"},{"jsonrpc":"2.0","id":"x","result":{"k":null}}])",
        R"({"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"m","data":[true,{}]}})",
    };
    const char bytes[] = "{}[]\":,0123456789-.eE\\ntu\x00\xC3\xA9\xFF";
    std::mt19937 rng(4242);  // fixed seed: deterministic
    for (int round = 0; round < 2000; ++round) {
        std::string text = seeds[round % std::size(seeds)];
        for (int n = std::uniform_int_distribution<int>(1, 4)(rng); n > 0; --n) {
            std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
            char c = bytes[std::uniform_int_distribution<std::size_t>(0, sizeof bytes - 2)(rng)];
            switch (rng() % 3) {
                case 0: text[at] = c; break;
                case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
                default: if (text.size() > 1) text.erase(at, 1); break;
            }
        }
        DecodedBody body = decodeJsonRpcBody(text);
        if (body.parseError) continue;
        for (const DecodedItem& item : body.items) {
            ASSERT_NE(item.message.has_value(), item.error.has_value()) << testing::PrintToString(text);
            if (!item.message) continue;
            const std::string once = serialize(*item.message);
            DecodedBody again = decodeJsonRpcBody(once);
            ASSERT_FALSE(again.parseError) << once;
            ASSERT_EQ(again.items.size(), 1u);
            ASSERT_TRUE(again.items[0].message) << once;
            EXPECT_EQ(serialize(*again.items[0].message), once);
        }
    }
}

TEST(JsonRpcDecode, ParseErrorDetailIsShort) {
    std::string huge = "{\"" + std::string(100000, 'x') + "\":}";
    DecodedBody body = decodeJsonRpcBody(huge);
    EXPECT_TRUE(body.parseError);
    EXPECT_LT(body.parseErrorDetail.size(), 200u);
}

TEST(JsonRpcDecode, DepthLimit) {
    auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    EXPECT_FALSE(decodeJsonRpcBody(nested(64)).parseError);
    EXPECT_TRUE(decodeJsonRpcBody(nested(65)).parseError);
    EXPECT_TRUE(decodeJsonRpcBody(nested(100000)).parseError);
    DecodeLimits shallow{3, 1000};
    const std::string params3 = R"({"jsonrpc":"2.0","method":"m","params":{"a":{}}})";
    const std::string params4 = R"({"jsonrpc":"2.0","method":"m","params":{"a":{"b":[]}}})";
    EXPECT_FALSE(decodeJsonRpcBody(params3, shallow).parseError);
    EXPECT_TRUE(decodeJsonRpcBody(params4, shallow).parseError);
}

TEST(JsonRpcDecode, Batches) {
    DecodedBody empty = decodeJsonRpcBody(" [ ] ");
    EXPECT_FALSE(empty.parseError);
    EXPECT_TRUE(empty.isBatch);
    EXPECT_TRUE(empty.emptyBatch);
    EXPECT_TRUE(empty.items.empty());

    DecodedBody numbers = decodeJsonRpcBody("[1,2]");
    EXPECT_TRUE(numbers.isBatch);
    EXPECT_FALSE(numbers.emptyBatch);
    ASSERT_EQ(numbers.items.size(), 2u);
    for (const DecodedItem& item : numbers.items) {
        ASSERT_TRUE(item.error);
        EXPECT_EQ(item.error->code, kInvalidRequest);
        EXPECT_FALSE(item.errorId);
    }

    DecodedBody mixed = decodeJsonRpcBody(
        R"([{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"b"},{"foo":1},)"
        R"({"jsonrpc":"2.0","id":"r","result":{}},{"jsonrpc":"2.0","id":9,"method":"c","params":1}])");
    ASSERT_EQ(mixed.items.size(), 5u);
    EXPECT_EQ(mixed.items[0].message->kind, MessageKind::Request);
    EXPECT_EQ(mixed.items[1].message->kind, MessageKind::Notification);
    EXPECT_TRUE(mixed.items[2].error);
    EXPECT_EQ(mixed.items[3].message->kind, MessageKind::Response);
    EXPECT_TRUE(mixed.items[4].error);
    EXPECT_EQ(mixed.items[4].errorId, JsonRpcId(std::int64_t{9}));

    DecodedBody single = decodeJsonRpcBody(R"({"jsonrpc":"2.0","method":"b"})");
    EXPECT_FALSE(single.isBatch);
}

TEST(JsonRpcDecode, BatchSizeLimit) {
    DecodeLimits limits{64, 2};
    const std::string n = R"({"jsonrpc":"2.0","method":"n"})";
    DecodedBody two = decodeJsonRpcBody("[" + n + "," + n + "]", limits);
    EXPECT_EQ(two.items.size(), 2u);
    EXPECT_TRUE(two.items[0].message);
    DecodedBody three = decodeJsonRpcBody("[" + n + "," + n + "," + n + "]", limits);
    EXPECT_TRUE(three.isBatch);
    ASSERT_EQ(three.items.size(), 1u);
    ASSERT_TRUE(three.items[0].error);
    EXPECT_EQ(three.items[0].error->code, kInvalidRequest);
    EXPECT_FALSE(three.items[0].errorId);
}

TEST(JsonRpcDecode, HugeIntegersAreNotWrapped) {
    DecodedItem item = decodeOne(
        R"({"jsonrpc":"2.0","method":"m","params":{"u":18446744073709551615,"big":18446744073709551616,)"
        R"("neg":-9223372036854775809,"s":"99999999999999999999999","e\"99999999999999999999999":1,)"
        R"("f":1.123456789012345678901234,"x":1e0000000000000000000001}})");
    ASSERT_TRUE(item.message);
    const Object& p = *item.message->params;
    EXPECT_EQ(p.get("u").type(), typeid(Poco::UInt64));
    EXPECT_EQ(p.get("u").convert<Poco::UInt64>(), 18446744073709551615ull);
    EXPECT_EQ(p.get("big").type(), typeid(double));
    EXPECT_DOUBLE_EQ(p.get("big").convert<double>(), 18446744073709551616.0);
    EXPECT_EQ(p.get("neg").type(), typeid(double));
    EXPECT_DOUBLE_EQ(p.get("neg").convert<double>(), -9223372036854775809.0);
    EXPECT_EQ(p.get("s").extract<std::string>(), "99999999999999999999999");
    EXPECT_TRUE(p.has("e\"99999999999999999999999"));
    EXPECT_DOUBLE_EQ(p.get("f").convert<double>(), 1.123456789012345678901234);
    EXPECT_DOUBLE_EQ(p.get("x").convert<double>(), 10.0);
}

TEST(JsonRpcSerialize, ExactText) {
    Object::Ptr params = new Object;
    params->set("name", "add");
    params->set("n", 3);
    Object::Ptr result = new Object;
    result->set("ok", true);
    struct Row { JsonRpcMessage message; std::string expected; };
    const Row rows[] = {
        {makeRequest(std::int64_t{1}, "ping"), R"({"jsonrpc":"2.0","id":1,"method":"ping"})"},
        {makeRequest("a", "tools/call", params), R"({"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"n":3,"name":"add"}})"},
        {makeNotification("notifications/initialized"), R"({"jsonrpc":"2.0","method":"notifications/initialized"})"},
        {makeInitializeRequest(std::int64_t{0}, "2025-06-18", "c", "1"),
         R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"c","version":"1"},"protocolVersion":"2025-06-18"}})"},
        {makeNotification("n", params), R"({"jsonrpc":"2.0","method":"n","params":{"n":3,"name":"add"}})"},
        {makeResult(std::int64_t{-7}, nullptr), R"({"jsonrpc":"2.0","id":-7,"result":{}})"},
        {makeResult("r", result), R"({"jsonrpc":"2.0","id":"r","result":{"ok":true}})"},
        {makeErrorResponse(std::nullopt, kParseError, "Parse error"),
         R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})"},
        {makeErrorResponse(JsonRpcId(std::int64_t{5}), kMethodNotFound, "Method not found", Var("x")),
         R"({"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found","data":"x"}})"},
    };
    for (const Row& row : rows) EXPECT_EQ(serialize(row.message), row.expected);
    EXPECT_EQ(serializeBatch({rows[0].message, rows[2].message}),
              "[" + rows[0].expected + "," + rows[2].expected + "]");
    EXPECT_EQ(serializeBatch({}), "[]");
}

TEST(JsonRpcSerialize, StringEscaping) {
    struct Row { std::string raw, json; };
    const Row rows[] = {
        {"plain", R"("plain")"},
        {"\0"s, R"("\u0000")"},
        {"\x01\x1f", R"("\u0001\u001f")"},
        {"\n\r\t\b\f", R"("\n\r\t\u0008\u000c")"},
        {"q\"b\\", R"("q\"b\\")"},
        {"/", R"("/")"},
        {"\x7f", "\"\x7f\""},
        {"\xC3\xA9", "\"\xC3\xA9\""},
        {"\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""},
        {"\xE2\x80\xA8", "\"\xE2\x80\xA8\""},
        {"\xFF" "a\xC3", R"("\ufffda\ufffd")"},  // ill-formed UTF-8 is replaced
    };
    for (const Row& row : rows) {
        const std::string json = toJsonText(Var(row.raw));
        EXPECT_EQ(json, row.json) << testing::PrintToString(row.raw);
        EXPECT_TRUE(isValidUtf8(json));
        if (isValidUtf8(row.raw)) {  // POCO reads back exactly the same bytes
            Var back = parsePoco("[" + json + "]").extract<Poco::JSON::Array::Ptr>()->get(0);
            EXPECT_EQ(back.extract<std::string>(), row.raw);
        }
    }
}

TEST(JsonRpcSerialize, EveryAsciiByteRoundTrips) {
    for (int c = 0; c < 128; ++c) {
        const std::string raw = "a" + std::string(1, static_cast<char>(c)) + "b";
        JsonRpcMessage message = makeRequest(raw, raw);
        DecodedItem item = decodeOne(serialize(message));
        ASSERT_TRUE(item.message) << c;
        EXPECT_EQ(item.message->method, raw);
        EXPECT_EQ(item.message->id->string(), raw);
    }
}

TEST(JsonRpcSerialize, ToJsonTextValues) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    array->add(1);
    array->add("two");
    array->add(Var());
    Object::Ptr object = new Object;
    object->set("list", array);
    object->set("nested", Object::Ptr(new Object));
    struct Row { Var value; std::string json; };
    const Row rows[] = {
        {Var(), "null"},
        {Var(true), "true"},
        {Var(false), "false"},
        {Var(Poco::Int64{-9223372036854775807 - 1}), "-9223372036854775808"},
        {Var(Poco::UInt64{18446744073709551615ull}), "18446744073709551615"},
        {Var(42), "42"},
        {Var(1.5), "1.5"},
        {Var(1.0), "1.0"},
        {Var(0.1), "0.1"},
        {Var(1e300), "1e+300"},
        {Var(std::nan("")), "null"},
        {Var(std::numeric_limits<double>::infinity()), "null"},
        {Var(array), R"([1,"two",null])"},
        {Var(object), R"({"list":[1,"two",null],"nested":{}})"},
    };
    for (const Row& row : rows) EXPECT_EQ(toJsonText(row.value), row.json);
}

TEST(JsonRpcSerialize, RoundTripGivesEqualMessage) {
    const std::string texts[] = {
        R"({"jsonrpc":"2.0","id":9007199254740993,"method":"tools/call","params":{"a":[1,2.5,"\u0000\u00e9\ud83d\ude00",true,null],"b":{"c":-7}}})",
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":0.25,"token":"t"}})",
        R"({"jsonrpc":"2.0","id":"x","result":{"content":[{"type":"text","text":"line1\nline2\t\"q\""}],"big":18446744073709551615}})",
        R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":{"at":[0]}}})",
        R"({"jsonrpc":"2.0","id":-9223372036854775808,"error":{"code":-32601,"message":"\u001f"}})",
        R"({"jsonrpc":"2.0","id":0,"result":{"float":1.0,"exp":1e3,"tiny":5e-324}})",
    };
    for (const std::string& text : texts) {
        DecodedItem first = decodeOne(text);
        ASSERT_TRUE(first.message) << text;
        const std::string once = serialize(*first.message);
        DecodedItem second = decodeOne(once);
        ASSERT_TRUE(second.message) << once;
        EXPECT_EQ(second.message->kind, first.message->kind);
        EXPECT_EQ(second.message->id, first.message->id);
        EXPECT_EQ(second.message->method, first.message->method);
        EXPECT_EQ(second.message->error.code, first.message->error.code);
        EXPECT_EQ(second.message->error.message, first.message->error.message);
        EXPECT_EQ(serialize(*second.message), once);
        EXPECT_EQ(once.rfind(R"({"jsonrpc":"2.0")", 0), 0u) << once;
    }
}

TEST(JsonRpc, EchoesNegativeIdsBelowTwoToThe53Exactly) {
    auto body = decodeJsonRpcBody(R"({"jsonrpc":"2.0","id":-12345678901234567,"method":"ping"})");
    ASSERT_EQ(body.items.size(), 1u);
    ASSERT_TRUE(body.items[0].message);
    EXPECT_EQ(body.items[0].message->id, JsonRpcId(std::int64_t{-12345678901234567}));
    EXPECT_EQ(serialize(makeResult(*body.items[0].message->id, nullptr)), R"({"jsonrpc":"2.0","id":-12345678901234567,"result":{}})");
}

}  // namespace
}  // namespace mcp
