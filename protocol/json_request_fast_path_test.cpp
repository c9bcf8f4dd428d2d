// decodeRequestFast: accepts only valid requests and notifications, and then gives exactly
// the general path's message; everything else is left to the general path (nullopt).
#include "protocol/json_request_fast_path.h"

#include "protocol/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace mcp {
namespace {

// The general path alone: POCO parse and validation.
std::optional<JsonRpcMessage> decodeGeneral(std::string_view text, std::size_t maxDepth = 64) {
    auto parsed = parseJsonText(text, maxDepth);
    if (!parsed.value) return std::nullopt;
    return validateJsonRpcValue(*parsed.value).message;
}

void expectSameAsGeneral(const std::string& text) {
    auto fast = decodeRequestFast(text, 64);
    auto general = decodeGeneral(text);
    ASSERT_TRUE(fast) << text;
    ASSERT_TRUE(general) << text;
    EXPECT_EQ(fast->kind, general->kind) << text;
    EXPECT_EQ(fast->id, general->id) << text;
    EXPECT_EQ(fast->method, general->method) << text;
    EXPECT_EQ(fast->params.isNull(), general->params.isNull()) << text;
    if (fast->params && general->params) {
        EXPECT_TRUE(identicalJsonValues(Poco::Dynamic::Var(fast->params), Poco::Dynamic::Var(general->params))) << text;
    }
    EXPECT_EQ(serialize(*fast), serialize(*general)) << text;
}

TEST(JsonRequestFastPath, GivesTheGeneralPathsMessage) {
    const std::string accepted[] = {
        R"({"jsonrpc":"2.0","id":12345,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})",
        R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
        R"({"method":"ping","id":"7","jsonrpc":"2.0"})",
        R"( { "jsonrpc" : "2.0" , "id" : -9223372036854775808 , "method" : "m" , "params" : { } } )",
        R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"u":18446744073709551615,"i":-9007199254740993,
            "d":[1.5,-0.0,1e300,0.1,-0],"s":"\u00e9\ud83d\ude00\u0000\n","b":[true,false,null],"o":{"":{}}}})",
        R"({"jsonrpc":"2.0","id":1,"id":"x","method":"a","method":"b","params":{"k":1,"k":[2]}})",
        R"({"jsonrpc":"2.0","id":1,"method":"\u0074ools/call","extra":{"result":1}})",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"t\":\"\xC3\xA9\xF0\x9F\x98\x80\"}}",
    };
    for (const std::string& text : accepted) expectSameAsGeneral(text);
}

TEST(JsonRequestFastPath, LeavesEverythingElseToTheGeneralPath) {
    const std::string deferred[] = {
        R"([{"jsonrpc":"2.0","id":1,"method":"m"}])",                     // batch
        R"({"jsonrpc":"2.0","id":1,"result":{}})",                        // response
        R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}})",   // error
        R"({"jsonrpc":"2.0","id":1,"method":"m","result":{}})",           // invalid request
        R"({"jsonrpc":"2.0","id":null,"method":"m"})",
        R"({"jsonrpc":"2.0","id":1.0,"method":"m"})",
        R"({"jsonrpc":"2.0","id":9223372036854775808,"method":"m"})",
        R"({"jsonrpc":"2.0","id":1,"method":"m","params":[1]})",
        R"({"jsonrpc":"2.0","id":1,"method":"m","params":null})",
        R"({"jsonrpc":"1.0","id":1,"method":"m"})",
        R"({"id":1,"method":"m"})",
        R"({"jsonrpc":"2.0","id":1,"method":7})",
        R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"n":18446744073709551616}})",  // beyond 64 bits
        R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"n":1e400}})",
        R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"s":"\ud800"}})",             // lone surrogate
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"s\":\"\xC0\x80\"}}",  // overlong UTF-8
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"s\":\"a\x01\"}}",     // control character
        R"({"jsonrpc":"2.0","id":1,"method":"m"} x)",
        R"({"jsonrpc":"2.0","id":1,"method":"m",})",
        R"("just a string")",
        "",
    };
    for (const std::string& text : deferred) EXPECT_FALSE(decodeRequestFast(text, 64)) << text;
}

TEST(JsonRequestFastPath, DepthLimitIsTheGeneralPaths) {
    const std::string depth3 = R"({"jsonrpc":"2.0","method":"m","params":{"a":{}}})";
    const std::string depth4 = R"({"jsonrpc":"2.0","method":"m","params":{"a":{"b":[]}}})";
    EXPECT_TRUE(decodeRequestFast(depth3, 3));
    EXPECT_FALSE(decodeRequestFast(depth4, 3));
    EXPECT_FALSE(decodeGeneral(depth4, 3));
    EXPECT_TRUE(decodeRequestFast(depth4, 64));  // the per-thread parser follows the limit asked for
}

TEST(JsonRequestFastPath, BodiesOverTheLimitAreLeftToTheGeneralPath) {
    std::string pad(kFastPathMaxBytes, 'x');
    std::string text = R"({"jsonrpc":"2.0","method":"m","params":{"p":")" + pad + R"("}})";
    EXPECT_FALSE(decodeRequestFast(text, 64));
    DecodedBody body = decodeJsonRpcBody(text);
    ASSERT_EQ(body.items.size(), 1u);
    EXPECT_TRUE(body.items[0].message);
}

}  // namespace
}  // namespace mcp
