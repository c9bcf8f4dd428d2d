// parseJsonText: the rules every peer's JSON is read by (server and suite alike).
#include "protocol/json_text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <gtest/gtest.h>

namespace mcp {
namespace {

Poco::Dynamic::Var member(const ParsedJson& parsed, const std::string& key) {
    return parsed.value->extract<Poco::JSON::Object::Ptr>()->get(key);
}

TEST(JsonText, KeepsNegativeIntegersBelowTwoToThe53Exact) {
    // POCO 1.11 alone reads -12345678901234567 as -12345678901234568 (found by json_member_scanner_fuzz).
    auto parsed = parseJsonText(R"({"id":-12345678901234567,"min":-9223372036854775808,"in":[{"x":-9007199254740993}]})");
    ASSERT_TRUE(parsed.value) << parsed.error;
    EXPECT_EQ(member(parsed, "id").convert<Poco::Int64>(), -12345678901234567LL);
    EXPECT_EQ(member(parsed, "min").convert<Poco::Int64>(), std::numeric_limits<Poco::Int64>::min());
    auto inner = member(parsed, "in").extract<Poco::JSON::Array::Ptr>()->getObject(0);
    EXPECT_EQ(inner->get("x").convert<Poco::Int64>(), -9007199254740993LL);
}

TEST(JsonText, ReadsIntegersBeyond64BitsAsDoublesNotWrapped) {
    auto parsed = parseJsonText(R"([18446744073709551616, -9223372036854775809, 18446744073709551615])");
    ASSERT_TRUE(parsed.value) << parsed.error;
    auto array = parsed.value->extract<Poco::JSON::Array::Ptr>();
    EXPECT_FALSE(array->get(0).isInteger());
    EXPECT_DOUBLE_EQ(array->get(0).convert<double>(), 18446744073709551616.0);
    EXPECT_FALSE(array->get(1).isInteger());
    EXPECT_EQ(array->get(2).convert<Poco::UInt64>(), 18446744073709551615ULL);
}

TEST(JsonText, LeavesStringsThatLookLikeMarkersAlone) {
    auto parsed = parseJsonText(R"({"s":"\u0001int:0000000000000000:-12345678901234567","n":-12345678901234567})");
    ASSERT_TRUE(parsed.value) << parsed.error;
    EXPECT_TRUE(member(parsed, "s").isString());
    EXPECT_EQ(member(parsed, "n").convert<Poco::Int64>(), -12345678901234567LL);
}

TEST(JsonText, ParsesTopLevelScalars) {
    auto parsed = parseJsonText(" -9007199254740993 ");
    ASSERT_TRUE(parsed.value) << parsed.error;
    EXPECT_EQ(parsed.value->convert<Poco::Int64>(), -9007199254740993LL);
    EXPECT_EQ(parseJsonText("\"x\"").value->toString(), "x");
}

TEST(JsonText, RefusesInvalidUtf8DeepNestingAndGarbageWithoutThrowing) {
    EXPECT_EQ(parseJsonText("\"\xC0\x80\"").error, "body is not valid UTF-8");
    EXPECT_FALSE(parseJsonText(std::string(100, '[') + std::string(100, ']'), 64).value);
    EXPECT_TRUE(parseJsonText(std::string(60, '[') + std::string(60, ']'), 64).value);
    EXPECT_FALSE(parseJsonText("{").value);
    EXPECT_FALSE(parseJsonText("1 2").value);
    EXPECT_FALSE(parseJsonText("").value);
}

TEST(JsonText, CountsValuesOutsideStringsAndRefusesMoreThanMaxValues) {
    EXPECT_EQ(jsonValueCount("1"), 1u);
    EXPECT_EQ(jsonValueCount(R"({"a":[1,2],"b":"x,y:[{"})"), 7u);  // keys count too; the string's separators do not
    EXPECT_EQ(jsonValueCount(R"(["\\",1])"), 3u);                  // an escaped backslash ends no string early
    EXPECT_TRUE(parseJsonText("[1,2,3]", 64, 4).value);
    auto refused = parseJsonText("[1,2,3,4]", 64, 4);
    EXPECT_FALSE(refused.value);
    EXPECT_EQ(refused.error, "JSON has more than 4 values");
    EXPECT_TRUE(parseJsonText("[1,2,3,4]", 64, 0).value);  // 0: no bound
}

}  // namespace
}  // namespace mcp
