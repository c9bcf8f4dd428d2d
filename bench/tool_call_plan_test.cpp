// Tests for ToolCallPlan: call bodies, the sum check of add and --expect's subset matching.
#include "bench/tool_call_plan.h"

#include "protocol/json_text.h"

#include <gtest/gtest.h>

namespace mcp::bench {
namespace {

Poco::Dynamic::Var json(std::string_view text) { return *mcp::parseJsonText(text).value; }

TEST(ToolCallPlan, AddSendsItsIdAsAAndChecksTheSum) {
    const auto plan = ToolCallPlan::addWithSum();
    EXPECT_EQ(plan.buildCall(7), R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add","arguments":{"a":7,"b":2}}})");
    EXPECT_EQ(plan.check(R"({"content":[{"type":"text","text":"9"}]})", 7), "");
    EXPECT_EQ(plan.check(R"({"content":[{"type":"text","text":"10"}]})", 7), "wrong sum");
    EXPECT_EQ(plan.check(R"({"content":[]})", 7), "add's result has no text content");
    EXPECT_EQ(plan.check(R"({})", 7), "add's result has no text content");
    EXPECT_TRUE(plan.verifiesResults());
}

TEST(ToolCallPlan, CustomToolSendsItsArgumentsAndMatchesExpect) {
    std::string error;
    const auto plan = ToolCallPlan::custom("get-\"sum\"", R"({ "a" : 2, "b": 3 })", R"({"content":[{"text":"The sum is 5."}]})", error);
    ASSERT_TRUE(plan) << error;
    EXPECT_EQ(plan->buildCall(1), R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get-\"sum\"","arguments":{"a":2,"b":3}}})");
    EXPECT_EQ(plan->check(R"({"content":[{"type":"text","text":"The sum is 5."}],"extra":1})", 1), "");
    EXPECT_EQ(plan->check(R"({"content":[{"type":"text","text":"The sum is 6."}]})", 1), "result does not match --expect");
}

TEST(ToolCallPlan, CustomToolWithoutExpectChecksNothingMore) {
    std::string error;
    const auto plan = ToolCallPlan::custom("echo", "", "", error);
    ASSERT_TRUE(plan);
    EXPECT_FALSE(plan->verifiesResults());
    EXPECT_EQ(plan->check("{}", 1), "");
}

TEST(ToolCallPlan, RefusesArgumentsThatAreNotAnObjectAndExpectThatIsNotJson) {
    std::string error;
    EXPECT_FALSE(ToolCallPlan::custom("t", "[1]", "", error));
    EXPECT_NE(error.find("--arguments"), std::string::npos);
    EXPECT_FALSE(ToolCallPlan::custom("t", "{}", "{nope", error));
    EXPECT_NE(error.find("--expect"), std::string::npos);
}

TEST(JsonContains, MatchesObjectsAsSubsetsAndArraysFromTheStart) {
    EXPECT_TRUE(jsonContains(json(R"({"a":1})"), R"({"b":2,"a":1.0})"));
    EXPECT_FALSE(jsonContains(json(R"({"a":1})"), R"({"b":2})"));
    EXPECT_FALSE(jsonContains(json(R"({})"), R"([])"));
    EXPECT_TRUE(jsonContains(json(R"([1,{"x":"y"}])"), R"([1,{"x":"y","z":0},3])"));
    EXPECT_FALSE(jsonContains(json(R"([1,2])"), R"([1])"));
    EXPECT_FALSE(jsonContains(json(R"([2])"), R"([1,2])"));
    EXPECT_TRUE(jsonContains(json(R"("a\"b")"), R"("a\u0022b")"));
    EXPECT_FALSE(jsonContains(json(R"("5")"), "5"));
    EXPECT_TRUE(jsonContains(json("true"), "true"));
    EXPECT_FALSE(jsonContains(json("false"), "0"));
    EXPECT_TRUE(jsonContains(json("null"), "null"));
}

}  // namespace
}  // namespace mcp::bench
