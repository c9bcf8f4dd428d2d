// --compare: which cases changed verdict between reports, and refusal of non-reports.
#include "conformance/compare.h"

#include <gtest/gtest.h>

namespace mcp::conformance {
namespace {

std::string report(const std::string& url, const std::string& cases) {
    return R"({"tool":"mcp-conformance","url":")" + url + R"(","transport":"streamable-http","revision":"2025-11-25",)"
           R"("counts":{"passed":1,"failed":1},"cases":[)" + cases + "]}";
}
std::string one(const std::string& id, const std::string& verdict) {
    return R"({"id":")" + id + R"(","level":"MUST","requirement":"r )" + id + R"(","verdict":")" + verdict + R"("})";
}

TEST(Compare, ListsOnlyTheCasesWhoseVerdictChanged) {
    std::string error;
    auto c = compareReports({{"a.json", report("http://a/mcp", one("JR-1", "pass") + "," + one("JR-2", "pass") + "," + one("JR-3", "fail"))},
                             {"b.json", report("http://b/mcp", one("JR-1", "pass") + "," + one("JR-2", "fail"))}},
                            error);
    ASSERT_TRUE(c) << error;
    ASSERT_EQ(c->changed.size(), 2u);
    EXPECT_EQ(c->changed[0].id, "JR-2");
    EXPECT_EQ(c->changed[0].verdicts, (std::vector<std::string>{"pass", "fail"}));
    EXPECT_EQ(c->changed[1].verdicts, (std::vector<std::string>{"fail", "not run"}));
    EXPECT_EQ(c->unchanged, 1u);
    EXPECT_NE(compareText(*c).find("JR-2  MUST  pass -> fail"), std::string::npos);
    EXPECT_NE(compareJson(*c).find("\"unchanged\": 1"), std::string::npos);
    EXPECT_NE(compareHtml(*c).find("<b id=\"changed-count\">2</b>"), std::string::npos);
}

TEST(Compare, RefusesFilesThatAreNotReports) {
    std::string error;
    EXPECT_FALSE(compareReports({{"a.json", report("u", "")}}, error));
    EXPECT_FALSE(compareReports({{"a.json", report("u", "")}, {"b.json", "{\"cases\":[]}"}}, error));
    EXPECT_NE(error.find("b.json"), std::string::npos);
    EXPECT_FALSE(compareReports({{"a.json", report("u", "")}, {"c.json", "not json"}}, error));
}

}  // namespace
}  // namespace mcp::conformance
