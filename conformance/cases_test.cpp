// Verdict logic of cases against a mocked target (GoogleMock HttpExchanger + FakeMcpServer):
// a correct server passes, and each server bug a case exists to catch makes that case fail.
#include "conformance/fake_mcp_server.h"
#include "conformance/json_util.h"
#include "conformance/runner.h"

#include <gtest/gtest.h>

#include <functional>

namespace mcp::conformance {
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

using testing::caseById;
using testing::streamableFacts;

CaseResult runAgainst(const std::string& id, MockHttpExchanger& http, const TargetFacts& facts = streamableFacts()) {
    return testing::runCase(id, http, facts);
}

CaseResult runAgainst(const std::string& id, FakeMcpServer& server, const TargetFacts& facts = streamableFacts()) {
    return testing::runCase(id, server, facts);
}

// What discoverFacts learns from a server that ignores credentials (the everything server).
TargetFacts unprotectedFacts() {
    auto facts = streamableFacts();
    facts.authRequired = false;
    facts.acceptsAnyToken = true;
    facts.publishesAuthMetadata = false;
    return facts;
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
                                           "ECHO-3", "T-SH-38", "T-SH-9", "JR-20", "JR-20.echo", "H-3.valid-then-invalid"),
                         [](const auto& test) {
                             std::string name = test.param;
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
                      FaultRow{"sessionSurvivesDelete", [](FakeFaults& f) { f.sessionSurvivesDelete = true; }, "T-SH-38"},
                      FaultRow{"argumentsRequired", [](FakeFaults& f) { f.argumentsRequired = true; }, "TL-16"}),
    [](const auto& test) { return test.param.name; });

TEST(CaseRunner, AnExceptionInTheTransportBecomesAHarnessError) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const OutgoingRequest&, milliseconds) -> OpenResult { throw std::runtime_error("boom"); });
    auto result = runAgainst("JR-12", http);
    EXPECT_EQ(result.verdict, Verdict::HarnessError);
    EXPECT_NE(result.outcome.note.find("boom"), std::string::npos);
}

TEST(CaseRunner, ACaseWhoseSessionCannotOpenIsBlockedNamingTheReportingCase) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const OutgoingRequest&, milliseconds) {
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

// Applicability comes from what the server does: a server that ignores credentials is not
// graded on the auth rows, whatever --token says (the runner's Target here carries a token).
TEST(Applicability, AuthRowsAreSkippedOnAServerThatIgnoresCredentials) {
    FakeFaults faults;
    faults.noAuth = true;
    FakeMcpServer server(faults);
    for (const std::string id : {"AU-3.entry", "AU-4", "AU-6", "AB-1", "AB-3", "AB-3.tab", "AB-5.comma", "AB-5.other-scheme", "AU-15",
                                 "H-3.valid-then-invalid", "H-7", "H-8.lowercase", "T-SH-42", "SEC-1", "SEC-3"}) {
        auto result = runAgainst(id, server, unprotectedFacts());
        EXPECT_EQ(result.verdict, Verdict::Skipped) << id << ": " << result.outcome.actual;
        EXPECT_NE(result.outcome.note.find("AU-2"), std::string::npos) << id << ": " << result.outcome.note;
    }
    auto finding = runAgainst("AU-2", server, unprotectedFacts());
    EXPECT_EQ(finding.verdict, Verdict::Info);
    EXPECT_NE(finding.outcome.actual.find("without credentials"), std::string::npos);
}

TEST(Applicability, DiscoveryRowsAreSkippedForACustomBearerSchemeAndAU2WarnsOnce) {
    FakeMcpServer server;
    auto facts = streamableFacts();
    facts.publishesAuthMetadata = false;
    for (const std::string id : {"AU-7", "AU-9", "AU-10", "AU-11", "PRM-1", "PRM-4"})
        EXPECT_EQ(runAgainst(id, server, facts).verdict, Verdict::Skipped) << id;
    EXPECT_EQ(runAgainst("AU-2", server, facts).verdict, Verdict::Warning);
}

TEST(Cascades, EchoCasesSendEmptyArgumentsSoOnlyTL16ReportsAServerThatRequiresThem) {
    FakeFaults faults;
    faults.argumentsRequired = true;
    FakeMcpServer server(faults);
    for (const std::string id : {"ECHO-1", "ECHO-2.64", "ECHO-3", "ECHO-5"})
        EXPECT_EQ(runAgainst(id, server).verdict, Verdict::Pass) << id;
    EXPECT_EQ(runAgainst("TL-16", server).verdict, Verdict::Fail);
}

TEST(Regrades, ServingInvalidUtf8IsAWarningNotAFailure) {
    FakeFaults faults;
    faults.servesInvalidUtf8 = true;
    FakeMcpServer server(faults);
    auto result = runAgainst("JR-20", server);
    EXPECT_EQ(result.outcome.verdict, Verdict::Warning) << result.outcome.actual;
    EXPECT_EQ(result.verdict, Verdict::Warning);
}

TEST(Regrades, DuplicateAuthorizationLinesAreAShouldRow) {
    for (const auto& c : catalog().cases()) {
        if (rowId(c.id) == "H-3") {
            EXPECT_EQ(c.level, Level::Should) << c.id;
        }
    }
}

TEST(Fixtures, ArgumentsComeFromTheToolsInputSchema) {
    FakeMcpServer server;   // its echo takes "message", like the everything server's
    auto result = runAgainst("JR-20.echo", server);
    EXPECT_EQ(result.verdict, Verdict::Pass) << result.outcome.actual << result.outcome.note;
    auto facts = streamableFacts();
    facts.toolSchemas.erase("echo");
    facts.tools.erase("echo");
    EXPECT_EQ(runAgainst("JR-20.echo", server, facts).verdict, Verdict::Skipped);
    facts.toolSchemas["add"] = obj(R"({"type":"object","properties":{"x":{"type":"string"}},"required":["x"]})");
    EXPECT_EQ(runAgainst("TL-5.add-sum", server, facts).verdict, Verdict::Skipped);   // an add that does not take numbers a, b
}

TEST(Evidence, RowsThatOnlyRecordAreInfoAndEmptyObservationsAreInconclusive) {
    FakeMcpServer server;
    for (const std::string id : {"EV-7", "U-PING-2", "AU-1", "T-SH-19", "T-SH-34", "TL-13"})
        EXPECT_EQ(runAgainst(id, server).verdict, Verdict::Info) << id;
    for (const std::string id : {"U-PRG-1", "U-PRG-2", "LC-7", "TL-6", "JR-8"})
        EXPECT_EQ(runAgainst(id, server).verdict, Verdict::Inconclusive) << id;
}

TEST(Deadlines, EveryWaitOfACaseIsCutAtTheCaseBudget) {
    MockHttpExchanger http;
    std::vector<milliseconds> asked;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([&](const OutgoingRequest&, milliseconds timeout) {
        asked.push_back(timeout);
        OpenResult silent;   // a server that never answers: every open times out
        silent.timedOut = true;
        silent.error = "no response head before the deadline";
        return silent;
    });
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    target.timeout = milliseconds(600000);
    Redactor redactor;
    RunOptions options;
    options.jobs = 1;
    options.caseTimeout = milliseconds(200);
    auto report = runCases({&caseById("LC-3"), &caseById("JR-2")}, target, streamableFacts(), http, redactor, options);
    ASSERT_FALSE(asked.empty());
    for (auto t : asked) EXPECT_LE(t.count(), 200);
}

TEST(Deadlines, ACaseThatRunsOutOfItsBudgetIsInconclusive) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const OutgoingRequest&, milliseconds) {
        OpenResult silent;
        silent.timedOut = true;
        silent.error = "no response head before the deadline";
        return silent;
    });
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    target.timeout = milliseconds(5000);
    Redactor redactor;
    RunOptions options;
    options.jobs = 1;
    options.caseTimeout = milliseconds(0);   // spent before the first exchange
    auto report = runCases({&caseById("LC-4")}, target, streamableFacts(), http, redactor, options);
    EXPECT_EQ(report.results.at(0).verdict, Verdict::Inconclusive) << report.results.at(0).outcome.note;
    EXPECT_FALSE(report.failed());
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
                           "JR-10", "JR-6", "TL-9", "T-SH-38", "T-SH-44", "LC-3", "T-SH-36", "T-SH-2", "T-SSE-6"}) {
        EXPECT_FALSE(selectCases(catalog(), id).empty()) << id;
    }
}

}  // namespace
}  // namespace mcp::conformance
