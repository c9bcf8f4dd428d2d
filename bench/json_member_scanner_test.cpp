// Tests for JsonMemberScanner: top-level members only, nesting, strings and malformed input.
#include "bench/json_member_scanner.h"

#include <gtest/gtest.h>

namespace mcp::bench {

TEST(JsonMemberScanner, FindsTopLevelId) {
    const auto id = findJsonMember(R"({"result":{"id":99},"jsonrpc":"2.0","id":7})", "id");
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, "7");
    EXPECT_EQ(parseJsonInteger(*id), 7);
}

TEST(JsonMemberScanner, IgnoresKeysInsideStrings) {
    const auto id = findJsonMember(R"({"text":"\"id\":5, {","id":"abc"})", "id");
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, R"("abc")");
    EXPECT_EQ(plainJsonString(*id), "abc");
    EXPECT_FALSE(parseJsonInteger(*id));
}

TEST(JsonMemberScanner, FollowsAPath) {
    const std::string_view event =
        R"({"method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":42,"pad":"xx"}},"jsonrpc":"2.0"})";
    const auto seq = findJsonPath(event, {"params", "data", "seq"});
    ASSERT_TRUE(seq);
    EXPECT_EQ(parseJsonInteger(*seq), 42);
    EXPECT_FALSE(findJsonMember(event, "id"));
}

TEST(JsonMemberScanner, ToleratesWhitespace) {
    const auto v = findJsonMember(" {\n \"a\" : [1, {\"b\": 2}] ,\t\"id\" : -3 }", "id");
    ASSERT_TRUE(v);
    EXPECT_EQ(parseJsonInteger(*v), -3);
}

TEST(JsonMemberScanner, MalformedInputIsNotFound) {
    EXPECT_FALSE(findJsonMember("", "id"));
    EXPECT_FALSE(findJsonMember("[1,2]", "id"));
    EXPECT_FALSE(findJsonMember(R"({"a":"unterminated)", "id"));
    EXPECT_FALSE(findJsonMember(R"({"a" 1, "id": 2})", "id"));
    EXPECT_FALSE(findJsonMember(R"({"a":{"b":[}, "id": 2)", "id"));
    EXPECT_FALSE(findJsonMember("{}", "id"));
}

TEST(JsonMemberScanner, RefusesOverDeepNesting) {
    std::string deep = R"({"a":)" + std::string(100, '[') + std::string(100, ']') + R"(,"id":1})";
    EXPECT_FALSE(findJsonMember(deep, "id"));
}

TEST(JsonMemberScanner, IntegerParsingIsStrict) {
    EXPECT_EQ(parseJsonInteger("0"), 0);
    EXPECT_FALSE(parseJsonInteger("1.5"));
    EXPECT_FALSE(parseJsonInteger("99999999999999999999"));
    EXPECT_FALSE(parseJsonInteger(""));
    EXPECT_FALSE(parseJsonInteger("true"));
}

}  // namespace mcp::bench

namespace mcp::bench {

TEST(JsonMemberScanner, SkipsEscapedQuotesAndBackslashRuns) {
    const auto id = findJsonMember(R"({"a":"x\"y\\","b":"\\\"","id":5})", "id");
    ASSERT_TRUE(id);
    EXPECT_EQ(parseJsonInteger(*id), 5);
}

TEST(JsonMemberScanner, VisitsMembersInOrderAndStopsOnRequest) {
    std::vector<std::string> keys;
    EXPECT_TRUE(forEachJsonMember(R"({"a":1,"b":{"c":2},"d":[3]})", [&](std::string_view key, std::string_view) {
        keys.emplace_back(key);
        return key != "b";
    }));
    EXPECT_EQ(keys, (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(forEachJsonMember(R"({"a":1,)", [](std::string_view, std::string_view) { return true; }));
}

}  // namespace mcp::bench

TEST(JsonMemberScanner, VisitsArrayElementsInOrder) {
    std::vector<std::string> seen;
    EXPECT_TRUE(mcp::bench::forEachJsonElement(R"([ 1, {"a":[2,3]}, "x,]" ])", [&](std::string_view v) {
        seen.emplace_back(v);
        return true;
    }));
    EXPECT_EQ(seen, (std::vector<std::string>{"1", R"({"a":[2,3]})", R"("x,]")"}));
    EXPECT_TRUE(mcp::bench::forEachJsonElement("[]", [](std::string_view) { return true; }));
    EXPECT_FALSE(mcp::bench::forEachJsonElement("[1,", [](std::string_view) { return true; }));
    EXPECT_FALSE(mcp::bench::forEachJsonElement(R"({"a":1})", [](std::string_view) { return true; }));
}

namespace mcp::bench {

// A value that spans several 16-byte blocks, with the given text at every offset from the
// value's start: the block-wise skip must agree with the byte-wise one wherever a string,
// a bracket or an escape falls relative to the block edges.
TEST(JsonMemberScanner, SkipsContainersWhateverTheirAlignment) {
    const std::string pieces[] = {R"("a]}\"[{")", R"("\\")", R"(["}"])", R"({"k":"v"})", R"("x\\\"]")", "\"]\""};
    for (const std::string& piece : pieces)
        for (std::size_t pad = 0; pad < 40; ++pad) {
            const std::string value = "[" + std::string(pad, ' ') + piece + "," + std::string(40 - pad, '1') + "]";
            const std::string json = R"({"v":)" + value + R"(,"id":7})";
            const auto v = findJsonMember(json, "v");
            ASSERT_TRUE(v) << json;
            EXPECT_EQ(*v, value) << json;
            EXPECT_EQ(findJsonMember(json, "id"), "7") << json;
        }
}

TEST(JsonMemberScanner, UnterminatedStringInsideALongContainerIsMalformed) {
    const std::string json = R"({"v":[")" + std::string(50, 'x') + R"(]}, "id":1})";
    EXPECT_FALSE(findJsonMember(json, "id"));
    EXPECT_FALSE(findJsonMember(R"({"v":[")" + std::string(50, 'x'), "id"));
}

TEST(JsonMemberScanner, DepthLimitHoldsInLongContainers) {
    const std::string ok = R"({"a":)" + std::string(64, '[') + std::string(64, ']') + R"(,"id":1})";
    EXPECT_EQ(findJsonMember(ok, "id"), "1");
    const std::string deep = R"({"a":)" + std::string(65, '[') + std::string(65, ']') + R"(,"id":1})";
    EXPECT_FALSE(findJsonMember(deep, "id"));
}

TEST(JsonMemberScanner, NestingDepthCountsBracketsOutsideStrings) {
    EXPECT_EQ(jsonNestingDepth(""), 0);
    EXPECT_EQ(jsonNestingDepth(R"({"a":[1,{"b":[]}]})"), 4);
    EXPECT_EQ(jsonNestingDepth(R"({"a":"[[[\"[[","b":[]})"), 2);
    EXPECT_EQ(jsonNestingDepth(R"({"a":"[[[)"), 1);  // an unterminated string hides the rest
}

TEST(JsonMemberScanner, ReadsTheMembersOfAJsonRpcMessage) {
    JsonRpcMembers reply;
    EXPECT_TRUE(scanJsonRpcMembers(R"({"jsonrpc":"2.0","id":3,"result":{"id":9}})", reply));
    EXPECT_EQ(reply.id, "3");
    EXPECT_EQ(reply.result, R"({"id":9})");
    EXPECT_FALSE(reply.method || reply.params || reply.error);
    JsonRpcMembers note;
    EXPECT_TRUE(scanJsonRpcMembers(R"({"method":"m","params":{"seq":1},"jsonrpc":"2.0"})", note));
    EXPECT_EQ(note.method, R"("m")");
    EXPECT_EQ(note.params, R"({"seq":1})");
    EXPECT_FALSE(note.id);
    JsonRpcMembers broken;
    EXPECT_FALSE(scanJsonRpcMembers(R"({"id":1,)", broken));
}

}  // namespace mcp::bench
