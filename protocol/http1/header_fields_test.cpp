// HeaderFields and the field-value helpers.
#include "protocol/http1/header_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mcp::http1 {
namespace {

using ::testing::ElementsAre;

TEST(HeaderFields, LooksUpNamesIgnoringCaseAndKeepsDuplicatesInOrder) {
    HeaderFields fields{{"Accept", "a"}, {"X", "1"}, {"accept", "b"}};
    EXPECT_EQ(fields.get("ACCEPT").value_or(""), "a");
    EXPECT_THAT(fields.getAll("Accept"), ElementsAre("a", "b"));
    EXPECT_EQ(fields.count("accept"), 2u);
    EXPECT_FALSE(fields.has("Missing"));
}

TEST(HeaderFields, SetReplacesEveryFieldOfThatNameAndRemoveDropsThem) {
    HeaderFields fields{{"A", "1"}, {"B", "2"}, {"a", "3"}};
    fields.set("A", "4");
    EXPECT_THAT(fields.getAll("a"), ElementsAre("4"));
    EXPECT_EQ(fields.back().name, "A");
    fields.remove("b");
    EXPECT_EQ(fields.size(), 1u);
}

TEST(FieldValues, TrimOwsAndCompareIgnoringAsciiCaseOnly) {
    EXPECT_EQ(trimOws(" \t v a \t"), "v a");
    EXPECT_TRUE(equalsIgnoreCase("Content-LENGTH", "content-length"));
    EXPECT_FALSE(equalsIgnoreCase("\xC3\x89", "\xC3\xA9")) << "only ASCII letters fold";
    EXPECT_EQ(toLowerAscii("TeXt/HTML"), "text/html");
}

TEST(FieldValues, SplitListsAtCommasOutsideQuotes) {
    EXPECT_THAT(splitList(" a, ,b ,\t\"c,d\" , e"), ElementsAre("a", "b", "\"c,d\"", "e"));
    EXPECT_THAT(splitList(" , "), ElementsAre());
    EXPECT_THAT(splitList(R"("a\",b", c)"), ElementsAre(R"("a\",b")", "c"));
}

TEST(FieldValues, ListContainsMatchesWholeElementsOnly) {
    EXPECT_TRUE(listContains("gzip, Chunked", "chunked"));
    EXPECT_FALSE(listContains("xchunked", "chunked"));
    EXPECT_FALSE(listContains("chunkedx, gzip", "chunked"));
}

TEST(FieldValues, MediaTypeDropsParametersAndFoldsCase) {
    EXPECT_EQ(mediaType(" Application/JSON ; charset=utf-8"), "application/json");
    EXPECT_EQ(mediaType("text/event-stream"), "text/event-stream");
    EXPECT_EQ(mediaType(""), "");
}

TEST(FieldValues, TokensAreTcharOnly) {
    EXPECT_TRUE(isToken("Content-Length"));
    EXPECT_FALSE(isToken("Author ization"));
    EXPECT_FALSE(isToken(""));
    EXPECT_FALSE(isToken("a:b"));
}

}  // namespace
}  // namespace mcp::http1
