// Small components: challenge parsing, filters, command line, redaction, baselines.
#include "conformance/cli_options.h"
#include "conformance/exchange_log.h"
#include "conformance/reporters.h"
#include "conformance/runner.h"
#include "conformance/www_authenticate.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace mcp::conformance {
namespace {

TEST(WwwAuthenticate, ParsesBearerParameters) {
    auto p = parseChallenges(R"(Bearer realm="x", error="invalid_token", resource_metadata="http://h/.well-known/oauth-protected-resource")");
    ASSERT_TRUE(p.ok) << p.error;
    ASSERT_TRUE(p.bearer());
    EXPECT_EQ(p.bearer()->param("error"), "invalid_token");
    EXPECT_EQ(p.bearer()->param("RESOURCE_METADATA"), "http://h/.well-known/oauth-protected-resource");
}

TEST(WwwAuthenticate, ParsesSeveralChallengesAndQuotedEscapes) {
    auto p = parseChallenges(R"(Basic realm="a\"b", Bearer error=invalid_token)");
    ASSERT_TRUE(p.ok) << p.error;
    ASSERT_EQ(p.challenges.size(), 2u);
    EXPECT_EQ(p.challenges[0].param("realm"), "a\"b");
    EXPECT_EQ(p.bearer()->param("error"), "invalid_token");
}

TEST(WwwAuthenticate, BareSchemeHasNoParams) {
    auto p = parseChallenges("Bearer");
    ASSERT_TRUE(p.ok);
    EXPECT_TRUE(p.bearer()->params.empty());
}

TEST(WwwAuthenticate, RefusesAnUnterminatedQuote) { EXPECT_FALSE(parseChallenges(R"(Bearer realm="x)").ok); }

TEST(Filter, MatchesIdsPrefixesAndGlobs) {
    EXPECT_TRUE(matchesFilter("AB-5.comma", "AB-5"));
    EXPECT_FALSE(matchesFilter("AB-50", "AB-5"));
    EXPECT_TRUE(matchesFilter("AB-50", "AB-"));
    EXPECT_TRUE(matchesFilter("T-SH-44.empty", "T-SH-4*"));
    EXPECT_TRUE(matchesFilter("ECHO-2.64", "JR-1,ECHO-2"));
    EXPECT_FALSE(matchesFilter("JR-10", "JR-1"));
}

TEST(CommandLine, ParsesEveryOption) {
    setenv("MCPC_TEST_TOKEN", "secret123", 1);
    auto p = parseCommandLine({"--url", "http://127.0.0.1:1/mcp", "--transport", "streamable-http", "--header", "X-Key: ${MCPC_TEST_TOKEN}",
                               "--token", "${MCPC_TEST_TOKEN}", "--token-alt", "t2", "--spec-version", "2025-06-18", "--strict",
                               "--filter", "JR-", "--timeout", "2.5", "--jobs", "3", "--json", "a.json", "--junit", "a.xml",
                               "--html", "a.html", "--trace", "--insecure", "--cacert", "ca.pem", "--expected-failures", "base.txt"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_EQ(p.options->token, "secret123");
    EXPECT_EQ(p.options->headerLines.at(0), "X-Key: secret123");
    std::string error;
    auto target = makeTarget(*p.options, error);
    ASSERT_TRUE(target) << error;
    EXPECT_EQ(target->authorization, "Bearer secret123");
    EXPECT_EQ(target->timeout, milliseconds(2500));
    EXPECT_EQ(target->transport, TransportKind::StreamableHttp);
}

TEST(CommandLine, BadUsageIsAnError) {
    EXPECT_FALSE(parseCommandLine({}).options);
    EXPECT_FALSE(parseCommandLine({"--url"}).options);
    EXPECT_FALSE(parseCommandLine({"--url", "x", "--transport", "carrier-pigeon"}).options);
    EXPECT_FALSE(parseCommandLine({"--url", "x", "--jobs", "0"}).options);
    EXPECT_FALSE(parseCommandLine({"--url", "x", "--spec-version", "2020-01-01"}).options);
    EXPECT_TRUE(parseCommandLine({"--help"}).options);
    std::string error;
    EXPECT_FALSE(makeTarget(*parseCommandLine({"--url", "ftp://x/"}).options, error));
}

TEST(CommandLine, HelpDocumentsEveryOption) {
    auto help = helpText();
    for (const auto* option : {"--url", "--transport", "--header", "--token", "--token-alt", "--cacert", "--insecure", "--spec-version",
                               "--strict", "--filter", "--list", "--timeout", "--jobs", "--expected-failures", "--json", "--junit",
                               "--html", "--trace", "--help"})
        EXPECT_NE(help.find(option), std::string::npos) << option;
}

TEST(Redactor, ReplacesSecretsEverywhere) {
    Redactor r;
    r.addSecret("s3cr3t/token");
    auto out = r.apply(R"(Bearer s3cr3t/token and "s3cr3t\/token")");
    EXPECT_EQ(out.find("s3cr3t"), std::string::npos) << out;
    EXPECT_NE(out.find("<redacted:sha256:"), std::string::npos);
    EXPECT_EQ(r.redactAuthorization("Bearer  x").find(" x"), std::string::npos);
}

TEST(Redactor, CurlCommandsUseVariablesForTheToken) {
    auto target = *Target::fromUrl("http://127.0.0.1:9/mcp");
    target.authorization = "Bearer tokentoken";
    Redactor r;
    r.addSecret("tokentoken", "MCP_TOKEN");
    Exchange e;
    e.request.method = "POST";
    e.request.target = "/mcp";
    e.request.headers = {{"Authorization", "Bearer tokentoken"}};
    e.request.body = "{}";
    auto curl = curlCommand(e, target, r);
    EXPECT_EQ(curl.find("tokentoken"), std::string::npos) << curl;
    EXPECT_NE(curl.find("$MCP_TOKEN"), std::string::npos) << curl;
}

TEST(Redactor, RedactsSecretsOfAnyLengthInEveryForm) {
    Redactor r;
    r.addSecret("abc", "MCP_TOKEN");
    r.addSecret("a+b/c", "MCP_TOKEN_ALT");
    auto out = r.apply(R"(Bearer abc; "a+b\/c"; ?access_token=a%2Bb%2Fc; a+b/c)");
    EXPECT_EQ(out.find("abc"), std::string::npos) << out;
    EXPECT_EQ(out.find("a+b"), std::string::npos) << out;
    EXPECT_EQ(out.find("a%2Bb"), std::string::npos) << out;
    EXPECT_EQ(r.apply(out), out);   // idempotent: markers are left alone
    auto shell = r.forShell("curl -H 'Authorization: Bearer abc'");
    EXPECT_NE(shell.find("$MCP_TOKEN"), std::string::npos) << shell;
    EXPECT_EQ(shell.find("abc"), std::string::npos) << shell;
}

TEST(ExchangeLog, RedactsBeforeItTruncates) {
    // A long secret that straddles the 8 KiB cut of a recording must not leak its prefix.
    std::string secret(3000, 'S');
    Redactor r;
    r.addSecret(secret, "MCP_TOKEN");
    ExchangeLog log;
    OutgoingRequest request;
    request.method = "POST";
    request.body = std::string(ExchangeLog::kMaxRecordedBody - 1000, 'x') + secret + "tail";
    request.headers.add("Authorization", "Bearer " + secret);
    log.add(request, r.longestForm() + 64);
    auto exchanges = log.snapshot(r);
    ASSERT_EQ(exchanges.size(), 1u);
    auto rendered = renderRequest(exchanges[0], r);
    EXPECT_EQ(rendered.find("SSSS"), std::string::npos);
    auto target = *Target::fromUrl("http://127.0.0.1:9/mcp");
    auto curl = curlCommand(exchanges[0], target, r);
    EXPECT_EQ(curl.find("SSSS"), std::string::npos);
    EXPECT_NE(curl.find("$MCP_TOKEN"), std::string::npos) << curl;
}

TEST(ExpectedFailures, ReadsIdsAndIgnoresComments) {
    std::string path = ::testing::TempDir() + "/baseline.txt";
    std::ofstream(path) << "# known\nJR-9\n  AB-10  # flaky\n\n";
    std::string error;
    auto ids = readExpectedFailures(path, error);
    ASSERT_TRUE(ids);
    EXPECT_EQ(*ids, (std::set<std::string>{"JR-9", "AB-10"}));
}

TEST(RunReport, StaleBaselineEntriesFailTheRun) {
    RunReport report;
    EXPECT_FALSE(report.failed());
    report.staleEntries.push_back("JR-9");
    EXPECT_TRUE(report.failed());
    RunReport expected;
    expected.counts.failed = 1;
    expected.counts.expectedFailures = 1;
    EXPECT_FALSE(expected.failed());
}

TEST(Catalog, TheListingMarksCasesThatNeverGradeTheirRow) {
    CaseCatalog catalog;
    catalog.add({.id = "X-1", .requirement = "graded", .run = [](CaseContext&) { return Outcome::skip("-"); }});
    catalog.add({.id = "X-2", .requirement = "not graded", .run = [](CaseContext&) { return Outcome::unsupported("why"); },
                 .notGraded = "needs a fixture"});
    std::ostringstream out;
    printCatalog(out, catalog);
    auto text = out.str();
    EXPECT_NE(text.find("graded\n"), std::string::npos) << text;
    EXPECT_NE(text.find("not graded [not graded: needs a fixture]\n"), std::string::npos) << text;
    std::size_t marked = 0;
    const auto full = CaseCatalog::full();
    for (const auto& c : full.cases()) marked += !c.notGraded.empty();
    EXPECT_GE(marked, 14u) << "the rows a black-box run cannot observe say so";
}

}  // namespace
}  // namespace mcp::conformance
