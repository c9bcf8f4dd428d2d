// Reports stay valid whatever bytes the server sent, and never show a secret of any length.
#include "conformance/reporters.h"

#include "protocol/json_rpc.h"

#include <Poco/DOM/DOMParser.h>
#include <Poco/AutoPtr.h>
#include <Poco/DOM/Document.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SAX/InputSource.h>

#include <gtest/gtest.h>

#include <sstream>

namespace mcp::conformance {
namespace {

struct HostileReport {
    CaseDef def{"JR-1", Level::Must, kAllRevisions, kBothTransports, "requirement", "spec", {}};
    Target target = *Target::fromUrl("http://127.0.0.1:9/mcp");
    TargetFacts facts;
    RunReport report;
    Redactor redactor;

    HostileReport() {
        target.authorization = "Bearer abc";
        redactor.addSecret("abc", "MCP_TOKEN");
        // Every byte value, invalid UTF-8, XML-forbidden code points (U+FFFE) and the token.
        std::string bytes;
        for (int c = 0; c < 256; ++c) bytes += static_cast<char>(c);
        bytes += "\xEF\xBF\xBE abc \xC0\xAF";
        CaseResult result;
        result.def = &def;
        result.outcome = Outcome::fail("expected " + bytes, "actual " + bytes);
        result.outcome.note = "note " + bytes;
        result.verdict = Verdict::Fail;
        Exchange e;
        e.request.method = "POST";
        e.request.target = "/mcp";
        e.request.headers.add("Authorization", "Bearer abc");
        e.request.headers.add("Mcp-Session-Id", "\xff\xfe" + bytes);
        e.request.body = bytes;
        e.response = HttpResponseHead{200, "OK\xff", {}};
        e.response->headers.add("Mcp-Session-Id", "\xff\x01" + bytes);
        e.responseBody = bytes;
        result.exchanges.push_back(e);
        report.results.push_back(result);
        report.counts.failed = 1;
        facts.probeDetail = "probe " + bytes;
    }
    ReportInput input() const { return {target, facts, report, redactor}; }
};

TEST(JsonReport, IsValidUtf8JsonWithoutTheTokenWhateverTheServerSent) {
    HostileReport hostile;
    auto json = jsonReport(hostile.input());
    EXPECT_TRUE(mcp::isValidUtf8(json));
    Poco::JSON::Parser parser;
    EXPECT_NO_THROW(parser.parse(json));
    EXPECT_EQ(json.find("abc"), std::string::npos);
}

TEST(JunitReport, IsWellFormedXmlWithoutTheTokenWhateverTheServerSent) {
    HostileReport hostile;
    auto xml = junitReport(hostile.input());
    EXPECT_TRUE(mcp::isValidUtf8(xml));
    EXPECT_EQ(xml.find("abc"), std::string::npos);
    std::istringstream in(xml);
    Poco::XML::InputSource source(in);
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document;
    EXPECT_NO_THROW(document = parser.parse(&source)) << xml.substr(0, 400);
    EXPECT_TRUE(document);
}

TEST(HtmlReport, IsValidUtf8WithoutTheToken) {
    HostileReport hostile;
    auto html = htmlReport(hostile.input());
    EXPECT_TRUE(mcp::isValidUtf8(html));
    EXPECT_EQ(html.find("abc"), std::string::npos);
}

TEST(ConsoleReport, EndsWithTheSummaryLineAndHidesTheToken) {
    HostileReport hostile;
    std::ostringstream out;
    printSummary(out, hostile.input(), false);
    EXPECT_EQ(out.str().find("abc"), std::string::npos);
    EXPECT_NE(out.str().find("$MCP_TOKEN"), std::string::npos);
    EXPECT_NE(out.str().rfind("0 passed, 1 failed, 0 skipped\n"), std::string::npos);
}

}  // namespace
}  // namespace mcp::conformance
