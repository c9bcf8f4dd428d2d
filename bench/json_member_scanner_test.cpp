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
