// Verdict logic of cases against a mocked target (GoogleMock HttpExchanger + FakeMcpServer):
// a correct server passes, and each server bug a case exists to catch makes that case fail.
#include "conformance/fake_mcp_server.h"
#include "conformance/json_util.h"
#include "conformance/runner.h"

#include <gtest/gtest.h>

#include <functional>

namespace mcpc {
namespace {

using ::testing::_;
using ::testing::AnyNumber;
using testing::FakeFaults;
using testing::FakeMcpServer;
using testing::MockHttpExchanger;

const CaseCatalog& catalog() {
    static const CaseCatalog c = CaseCatalog::full();
    return c;
}

const CaseDef& caseById(const std::string& id) {
    for (const auto& c : catalog().cases())
        if (c.id == id) return c;
    throw std::runtime_error("no case " + id);
}

TargetFacts streamableFacts() {
    TargetFacts facts;
    facts.transport = TransportKind::StreamableHttp;
    facts.runRevision = mcp::Revision::V2025_11_25;
    facts.supportedRevisions = kAllRevisions;
    for (auto r : mcp::kAllRevisions) facts.initializeAnswers[std::string(mcp::toString(r))] = std::string(mcp::toString(r));
    facts.authRequired = true;
    facts.acceptsAnyToken = true;
    facts.tools = {"add", "getToken"};
    facts.toolSchemas["add"] = obj(R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]})");
    facts.toolSchemas["getToken"] = obj(R"({"type":"object","properties":{}})");
    return facts;
}

CaseResult runAgainst(const std::string& id, MockHttpExchanger& http, const TargetFacts& facts = streamableFacts()) {
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    target.authorization = "Bearer unit-test-token";
    target.timeout = milliseconds(300);
    Redactor redactor;
    redactor.addSecret("unit-test-token");
    RunOptions options;
    options.jobs = 1;
    auto report = runCases({&caseById(id)}, target, facts, http, redactor, options);
    return report.results.at(0);
}

CaseResult runAgainst(const std::string& id, FakeMcpServer& server) {
    MockHttpExchanger http;
    ON_CALL(http, open(_, _)).WillByDefault([&](const HttpRequest& r, milliseconds) { return server.handle(r); });
    EXPECT_CALL(http, open(_, _)).Times(AnyNumber());
    return runAgainst(id, http);
}

class CorrectServer : public ::testing::TestWithParam<std::string> {};

TEST_P(CorrectServer, CasePasses) {
    FakeMcpServer server;
    auto result = runAgainst(GetParam(), server);
    EXPECT_EQ(result.verdict, Verdict::Pass) << result.outcome.expected << " / " << result.outcome.actual << " / " << result.outcome.note;
}

INSTANTIATE_TEST_SUITE_P(Cases, CorrectServer,
                         ::testing::Values("JR-1", "JR-2", "JR-3", "JR-4", "JR-5", "JR-6", "JR-10", "JR-12", "LC-1", "U-PING-1", "TL-5",
                                           "TL-9", "TL-16", "AU-3.entry", "AU-6", "AB-2.lowercase", "AB-7", "ECHO-1", "ECHO-2.8192",
                                           "ECHO-3", "T-SH-38", "T-SH-9"),
                         [](const auto& info) {
                             std::string name = info.param;
                             for (auto& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

struct FaultRow {
    std::string name;
    std::function<void(FakeFaults&)> inject;
    std::string caseId;
};

class FaultyServer : public ::testing::TestWithParam<FaultRow> {};

TEST_P(FaultyServer, TheCaseMeantToCatchItFails) {
    FakeFaults faults;
    GetParam().inject(faults);
    FakeMcpServer server(faults);
    auto result = runAgainst(GetParam().caseId, server);
    EXPECT_EQ(result.verdict, Verdict::Fail) << GetParam().caseId << ": " << result.outcome.actual;
    EXPECT_FALSE(result.outcome.expected.empty());
    EXPECT_FALSE(result.outcome.actual.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FaultyServer,
    ::testing::Values(FaultRow{"noAuth", [](FakeFaults& f) { f.noAuth = true; }, "AU-3.entry"},
                      FaultRow{"noAuthOnSession", [](FakeFaults& f) { f.noAuth = true; }, "AU-6"},
                      FaultRow{"noChallenge", [](FakeFaults& f) { f.noChallenge = true; }, "AB-7"},
                      FaultRow{"caseSensitiveScheme", [](FakeFaults& f) { f.caseSensitiveScheme = true; }, "AB-2.uppercase"},
                      FaultRow{"stringifyIds", [](FakeFaults& f) { f.stringifyIds = true; }, "JR-2"},
                      FaultRow{"unknownMethodOk", [](FakeFaults& f) { f.unknownMethodOk = true; }, "JR-12"},
                      FaultRow{"parseErrorCode", [](FakeFaults& f) { f.parseErrorCode = true; }, "JR-10"},
                      FaultRow{"notificationAnswered", [](FakeFaults& f) { f.notificationAnswered = true; }, "JR-6"},
                      FaultRow{"toolNotFoundResult", [](FakeFaults& f) { f.toolNotFoundResult = true; }, "TL-9"},
                      FaultRow{"echoTruncated", [](FakeFaults& f) { f.echoTruncated = true; }, "ECHO-2.65"},
                      FaultRow{"echoSchemeStripped", [](FakeFaults& f) { f.echoSchemeStripped = true; }, "ECHO-1"},
                      FaultRow{"echoFirstSession", [](FakeFaults& f) { f.echoFirstSession = true; }, "ECHO-3"},
                      FaultRow{"sessionSurvivesDelete", [](FakeFaults& f) { f.sessionSurvivesDelete = true; }, "T-SH-38"}),
    [](const auto& info) { return info.param.name; });

TEST(CaseRunner, AnExceptionInTheTransportBecomesAHarnessError) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const HttpRequest&, milliseconds) -> OpenResult { throw std::runtime_error("boom"); });
    auto result = runAgainst("JR-12", http);
    EXPECT_EQ(result.verdict, Verdict::HarnessError);
    EXPECT_NE(result.outcome.note.find("boom"), std::string::npos);
}

TEST(CaseRunner, ACaseWhoseSessionCannotOpenIsBlockedNamingTheReportingCase) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const HttpRequest&, milliseconds) {
        OpenResult r;
        r.connectFailed = true;
        r.error = "connection refused";
        return r;
    });
    auto result = runAgainst("JR-12", http);
    EXPECT_EQ(result.verdict, Verdict::Blocked);
    EXPECT_NE(result.outcome.note.find("connection refused"), std::string::npos);
    EXPECT_NE(result.outcome.note.find("LC-1"), std::string::npos) << result.outcome.note;
}

TEST(CaseRunner, ShouldLevelFailuresAreWarningsUnlessStrict) {
    FakeMcpServer server;   // accepts Origin: null, which T-SH-2.null-origin (SHOULD) flags
    auto result = runAgainst("T-SH-2.null-origin", server);
    EXPECT_EQ(result.outcome.verdict, Verdict::Fail);
    EXPECT_EQ(result.verdict, Verdict::Warning);
}

TEST(CaseRunner, CasesOfTheOtherTransportAreSkipped) {
    FakeMcpServer server;
    auto result = runAgainst("T-SSE-3", server);
    EXPECT_EQ(result.verdict, Verdict::Skipped);
    EXPECT_FALSE(result.outcome.note.empty());
}

TEST(CaseRunner, TokensNeverReachTheEvidence) {
    FakeMcpServer server;
    auto result = runAgainst("ECHO-1", server);
    ASSERT_FALSE(result.exchanges.empty());
    Redactor redactor;
    redactor.addSecret("unit-test-token");
    const auto& red = result.redactorOr(redactor);
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    for (const auto& e : result.exchanges) {
        EXPECT_EQ(renderRequest(e, red).find("unit-test-token"), std::string::npos);
        EXPECT_EQ(renderResponse(e, red).find("Bearer "), renderResponse(e, red).find("Bearer <redacted"));
    }
}

TEST(Catalog, EveryCaseHasIdLevelRequirementAndSpecReference) {
    std::set<std::string> ids;
    for (const auto& c : catalog().cases()) {
        EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
        EXPECT_FALSE(c.requirement.empty()) << c.id;
        EXPECT_FALSE(c.specRef.empty()) << c.id;
        EXPECT_TRUE(c.run) << c.id;
        EXPECT_NE(c.revisions, 0u) << c.id;
    }
}

TEST(Catalog, CoversAtLeast150RequirementRows) {
    std::set<std::string> rows;
    for (const auto& c : catalog().cases())
        if (c.id.rfind("ECHO-", 0) != 0) rows.insert(rowId(c.id));
    EXPECT_GE(rows.size(), 150u);
}

TEST(Catalog, FaultTableCasesExist) {
    for (const auto* id : {"AU-3", "AB-7", "AB-2", "AB-3", "AU-15", "ECHO-2", "ECHO-1", "ECHO-3", "T-SSE-3", "EV-2", "JR-2", "JR-12",
                           "JR-10", "JR-6", "TL-9", "T-SH-38", "T-SH-44", "LC-3", "T-SH-36", "T-SH-2", "T-SSE-7"}) {
        EXPECT_FALSE(selectCases(catalog(), id).empty()) << id;
    }
}

}  // namespace
}  // namespace mcpc
