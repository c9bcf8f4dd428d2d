// The MUST audit (conformance/MUST-AUDIT.md): each case it fixed, against the in-memory servers.
// A case fails only for the requirement it names, at the level the primary text gives, and a
// case that saw nothing it could judge does not pass.
#include "conformance/fake_mcp_server.h"
#include "conformance/json_util.h"

#include <gtest/gtest.h>

#include <map>

namespace mcp::conformance {
namespace {

using testing::caseById;
using testing::FakeFaults;
using testing::FakeMcpServer;
using testing::LegacyScript;
using testing::MockHttpExchanger;
using testing::runCase;
using testing::ScriptedLegacyServer;
using testing::streamableFacts;

Verdict verdictOf(const std::string& id, FakeMcpServer& server, const TargetFacts& facts = streamableFacts()) {
    return runCase(id, server, facts).verdict;
}

FakeMcpServer serverWith(void (*inject)(FakeFaults&)) {
    FakeFaults faults;
    inject(faults);
    return FakeMcpServer(faults);
}

// A server without tools (MCP makes every feature optional): the tools rows do not apply.
TEST(MustAudit, AServerWithoutToolsSkipsTheToolsRows) {
    auto server = serverWith([](FakeFaults& f) { f.noTools = true; });
    auto facts = streamableFacts();
    facts.tools.clear();
    facts.toolSchemas.clear();
    for (const std::string id : {"TL-1", "TL-2", "TL-4", "TL-7", "U-PAG-1", "LC-6"})
        EXPECT_EQ(verdictOf(id, server, facts), Verdict::Skipped) << id;
    EXPECT_EQ(verdictOf("SC-1", server, facts), Verdict::Pass);
    EXPECT_EQ(verdictOf("JR-21", server, facts), Verdict::Pass);   // asked with ping instead of tools/list
}

// "The request ID MUST NOT have been previously used by the requestor within the same session."
TEST(MustAudit, TheSuiteNeverReusesARequestIdInASession) {
    auto server = serverWith([](FakeFaults& f) { f.rejectsReusedIds = true; });   // answers a reused id with id null
    EXPECT_EQ(verdictOf("JR-2", server), Verdict::Pass);   // sends 0 and 1 after initialize
}

// JSON-RPC 2.0 §5.1: the code "indicates the error type that occurred". TL-9/TL-10 judge the
// protocol error; the code is JR-13's.
TEST(MustAudit, AProtocolErrorWithAnotherCodeFailsOnlyTheCodeRow) {
    auto server = serverWith([](FakeFaults& f) { f.wrongParamsCode = true; });
    EXPECT_EQ(verdictOf("TL-10.name-missing", server), Verdict::Warning);
    EXPECT_EQ(verdictOf("TL-10.arguments-string", server), Verdict::Warning);
    EXPECT_EQ(verdictOf("JR-13.tools-call-no-name", server), Verdict::Fail);
    EXPECT_EQ(verdictOf("JR-13.tools-call-arguments-string", server), Verdict::Fail);
    FakeMcpServer correct;
    EXPECT_EQ(verdictOf("JR-13.tools-call-arguments-string", correct), Verdict::Pass);
    auto otherCode = serverWith([](FakeFaults& f) { f.unknownToolOtherCode = true; });
    EXPECT_EQ(verdictOf("TL-9", otherCode), Verdict::Warning);
    auto result = serverWith([](FakeFaults& f) { f.toolNotFoundResult = true; });
    EXPECT_EQ(verdictOf("TL-9", result), Verdict::Fail);
}

TEST(MustAudit, AToolCallThatReturnsNoResultLeavesTheResultShapeUnjudged) {
    auto server = serverWith([](FakeFaults& f) { f.noTools = true; });   // every tools/call -> -32601
    EXPECT_EQ(verdictOf("TL-5", server), Verdict::Inconclusive);
}

TEST(MustAudit, TL16UsesOnlyAToolThatRequiresNoArguments) {
    FakeMcpServer server;
    auto facts = streamableFacts();
    facts.toolSchemas["getToken"] = obj(R"({"type":"object","properties":{"x":{"type":"string"}},"required":["x"]})");
    EXPECT_EQ(verdictOf("TL-16", server, facts), Verdict::Skipped);
}

// "Log messages MUST NOT contain: Credentials or secrets": a getToken result is not a log.
TEST(MustAudit, U_LOG_6JudgesLogMessagesOnly) {
    FakeMcpServer server;
    auto facts = streamableFacts();
    for (const std::string tool : {"add", "echo"}) {
        facts.tools.erase(tool);
        facts.toolSchemas.erase(tool);
    }
    EXPECT_EQ(verdictOf("U-LOG-6", server, facts), Verdict::Inconclusive);   // getToken echoed the token; no log arrived
    auto logging = serverWith([](FakeFaults& f) { f.logsToken = true; });
    EXPECT_EQ(verdictOf("U-LOG-6", logging), Verdict::Fail);
    EXPECT_EQ(verdictOf("SEC-5", logging), Verdict::Fail);
}

// JSON-RPC 2.0 §4.1 forbids a reply to a notification; Streamable HTTP lets a server that cannot
// accept one answer an HTTP error whose body "MAY comprise a JSON-RPC error response that has no id".
TEST(MustAudit, RefusingANotificationWithAnIdlessErrorIsNotAReply) {
    auto refusing = serverWith([](FakeFaults& f) { f.refusesUnknownNotifications = true; });
    EXPECT_EQ(verdictOf("JR-6", refusing), Verdict::Pass);
    auto answering = serverWith([](FakeFaults& f) { f.notificationAnswered = true; });
    EXPECT_EQ(verdictOf("JR-6", answering), Verdict::Fail);
}

TEST(MustAudit, VersionNegotiationIsJudgedFromWhatTheServerShowsItSupports) {
    // Always 2024-11-05, yet it serves MCP-Protocol-Version: 2025-11-25 and refuses 2099-01-01.
    auto downgrade = serverWith([](FakeFaults& f) {
        f.answers2024Only = true;
        f.validatesVersionHeader = true;
    });
    auto facts = streamableFacts();
    facts.supportedRevisions = kRev2024;
    for (auto r : mcp::kAllRevisions) facts.initializeAnswers[std::string(mcp::toString(r))] = "2024-11-05";
    EXPECT_EQ(verdictOf("LC-3", downgrade, facts), Verdict::Fail);
    // The same answers from a server whose header says nothing: nothing shows a contradiction.
    auto silent = serverWith([](FakeFaults& f) { f.answers2024Only = true; });
    EXPECT_EQ(verdictOf("LC-3", silent, facts), Verdict::Pass);
    // A server that answers a version it never accepts as asked: inconclusive, not a failure.
    for (auto r : mcp::kAllRevisions) facts.initializeAnswers[std::string(mcp::toString(r))] = "2026-07-28";
    facts.supportedRevisions = 0;
    EXPECT_EQ(verdictOf("LC-3", silent, facts), Verdict::Inconclusive);
    // Answering 2025-03-26 to 2025-06-18 while answering 2025-06-18 to another request contradicts.
    facts = streamableFacts();
    facts.initializeAnswers["2025-06-18"] = "2025-03-26";
    facts.initializeAnswers["2025-11-25"] = "2025-06-18";
    EXPECT_EQ(verdictOf("LC-3", silent, facts), Verdict::Fail);
}

TEST(MustAudit, LC4FailsOnlyAnEchoOfTheUnsupportedVersion) {
    FakeMcpServer server;   // negotiates the newest revision for an unknown request
    EXPECT_EQ(verdictOf("LC-4", server), Verdict::Pass);
    MockHttpExchanger echoing;
    EXPECT_CALL(echoing, open(::testing::_, ::testing::_)).WillRepeatedly([](const OutgoingRequest& r, milliseconds) {
        auto version = getString(getObject(parseObject(r.body), "params"), "protocolVersion").value_or("");
        return testing::makeResponse(200, {{"Content-Type", "application/json"}},
                                     R"({"jsonrpc":"2.0","id":900001,"result":{"protocolVersion":")" + version +
                                         R"(","capabilities":{},"serverInfo":{"name":"e","version":"1"}}})");
    });
    EXPECT_EQ(runCase("LC-4", echoing).verdict, Verdict::Fail);
}

// "Only use capabilities that were successfully negotiated": SHOULD before 2025-06-18, MUST after.
TEST(MustAudit, UndeclaredServerRequestsAreGradedByRevision) {
    auto asking = serverWith([](FakeFaults& f) { f.asksUndeclared = true; });
    auto facts = streamableFacts();
    facts.tools.insert("needs_sampling");
    facts.toolSchemas["needs_sampling"] = obj(R"({"type":"object"})");
    EXPECT_EQ(verdictOf("LC-8", asking, facts), Verdict::Fail);
    facts.runRevision = mcp::Revision::V2025_03_26;
    EXPECT_EQ(verdictOf("LC-8", asking, facts), Verdict::Warning);
    FakeMcpServer lacking;   // lists no asking tool
    EXPECT_EQ(verdictOf("LC-8", lacking), Verdict::Skipped);
}

// "The notification MUST only reference requests that: Were previously issued in the same
// direction": judged on a request the server sent and the client left unanswered.
TEST(MustAudit, ServerCancellationsAreJudgedOnTheServersOwnUnansweredRequests) {
    auto facts = streamableFacts();
    facts.tools.insert("needs_sampling");
    facts.toolSchemas["needs_sampling"] = obj(R"({"type":"object"})");
    auto own = serverWith([](FakeFaults& f) { f.asksUndeclared = f.cancelsItsRequest = true; });
    EXPECT_EQ(verdictOf("U-CAN-5", own, facts), Verdict::Pass);
    auto unknown = serverWith([](FakeFaults& f) { f.asksUndeclared = f.cancelsUnknownRequest = true; });
    EXPECT_EQ(verdictOf("U-CAN-5", unknown, facts), Verdict::Fail);
    auto silent = serverWith([](FakeFaults& f) { f.asksUndeclared = true; });   // asks, never cancels
    EXPECT_EQ(verdictOf("U-CAN-5", silent, facts), Verdict::Inconclusive);
    FakeMcpServer lacking;   // lists no tool that asks the client anything
    EXPECT_EQ(verdictOf("U-CAN-5", lacking), Verdict::Skipped);
}

TEST(MustAudit, SessionIdsAreJudgedOnPredictabilityNotOnShape) {
    using Ids = FakeFaults::SessionIds;
    auto verdictFor = [](Ids ids) {
        FakeFaults faults;
        faults.sessionIds = ids;
        FakeMcpServer server(faults);
        return verdictOf("T-SH-36", server);
    };
    EXPECT_EQ(verdictFor(Ids::Hashed), Verdict::Pass);
    EXPECT_EQ(verdictFor(Ids::JwtLike), Verdict::Pass);   // a shared JWT header is not a counter
    EXPECT_EQ(verdictFor(Ids::Counter), Verdict::Fail);
    EXPECT_EQ(verdictFor(Ids::Short), Verdict::Warning);  // short but random: a SHOULD concern
    EXPECT_EQ(verdictFor(Ids::Empty), Verdict::Skipped);  // nothing issued to compare
}

TEST(MustAudit, AnEmptySessionIdBreaksNoCharacterRule) {
    auto server = serverWith([](FakeFaults& f) { f.sessionIds = FakeFaults::SessionIds::Empty; });
    EXPECT_EQ(verdictOf("T-SH-35", server), Verdict::Warning);
}

TEST(MustAudit, T_SH_38IsBlockedWhenDeleteDoesNotEndTheSession) {
    auto server = serverWith([](FakeFaults& f) { f.deleteStatus = 400; });
    EXPECT_EQ(verdictOf("T-SH-38", server), Verdict::Blocked);
}

TEST(MustAudit, T_SH_44AcceptsA405ForAMethodTheServerDoesNotOffer) {
    // FakeMcpServer answers every GET with 405 (no SSE stream); POST validates the header.
    auto server = serverWith([](FakeFaults& f) { f.validatesVersionHeader = true; });
    for (const std::string id : {"T-SH-44.future", "T-SH-44.garbage"}) EXPECT_EQ(verdictOf(id, server), Verdict::Pass) << id;
    EXPECT_EQ(caseById("T-SH-44.conflicting-lines").level, Level::Should);
    FakeMcpServer ignoring;
    EXPECT_EQ(verdictOf("T-SH-44.future", ignoring), Verdict::Fail);
}

TEST(MustAudit, StreamableTransportCasesJudgeOnlyTheirOwnRule) {
    FakeMcpServer server;
    // A GET that is answered 404: T-SH-1; one that is never answered: nothing to judge.
    auto get404 = [&](const OutgoingRequest& r) { return r.method == "GET" ? testing::makeResponse(404, {}, "") : server.handle(r); };
    EXPECT_EQ(runCase("T-SH-1", get404).verdict, Verdict::Fail);
    auto silentGet = [&](const OutgoingRequest& r) {
        if (r.method != "GET") return server.handle(r);
        OpenResult none;
        none.timedOut = true;
        none.error = "no response head before the deadline";
        return none;
    };
    EXPECT_EQ(runCase("T-SH-1", silentGet).verdict, Verdict::Inconclusive);
    EXPECT_EQ(runCase("T-SH-21", silentGet).verdict, Verdict::Inconclusive);
    // T-SH-8 binds the client: recorded only.
    EXPECT_EQ(caseById("T-SH-8").level, Level::Info);
    EXPECT_EQ(verdictOf("T-SH-8", server), Verdict::Info);
    // A refused ping is not an answer with a wrong media type.
    auto refusedPing = [&](const OutgoingRequest& r) {
        return r.body.find("\"ping\"") != std::string::npos ? testing::makeResponse(400, {{"Content-Type", "text/plain"}}, "no") : server.handle(r);
    };
    EXPECT_EQ(runCase("T-SH-11", refusedPing).verdict, Verdict::Blocked);
}

// "If the server cannot accept the input, it MUST return an HTTP error status code."
TEST(MustAudit, T_SH_9AcceptsARefusedResponseAndT_SH_10ARefusal) {
    FakeMcpServer server;
    auto refuseResponses = [&](const OutgoingRequest& r) {
        return r.body.find("srv-ping-1") != std::string::npos ? testing::makeResponse(400, {}, "") : server.handle(r);
    };
    EXPECT_EQ(runCase("T-SH-9", refuseResponses).verdict, Verdict::Pass);
    EXPECT_EQ(verdictOf("T-SH-10", server), Verdict::Pass);
    auto invalidIn200 = [&](const OutgoingRequest& r) {
        return r.body.find("\"method\":7") != std::string::npos
                   ? testing::makeResponse(200, {{"Content-Type", "application/json"}}, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"x"}})")
                   : server.handle(r);
    };
    EXPECT_EQ(runCase("T-SH-10", invalidIn200).verdict, Verdict::Warning);
    auto accepted = [&](const OutgoingRequest& r) {
        return r.body.find("\"method\":7") != std::string::npos ? testing::makeResponse(202, {}, "") : server.handle(r);
    };
    EXPECT_EQ(runCase("T-SH-10", accepted).verdict, Verdict::Fail);
}

// MCP authorization binds a server that implements it; a custom bearer scheme is bound by RFC
// 6750/9110, where 401 is the defined status but not a MUST.
TEST(MustAudit, AuthorizationStatusCodesAreAMustOnlyUnderMcpAuthorization) {
    auto forbidding = serverWith([](FakeFaults& f) { f.missingCredentialsStatus = 403; });
    auto custom = streamableFacts();
    EXPECT_EQ(verdictOf("AU-3.entry", forbidding, custom), Verdict::Warning);
    auto mcpAuth = streamableFacts();
    mcpAuth.publishesAuthMetadata = true;
    EXPECT_EQ(verdictOf("AU-3.entry", forbidding, mcpAuth), Verdict::Fail);
    // AU-6: every request is verified; refused is refused, whatever the status.
    EXPECT_EQ(verdictOf("AU-6", forbidding, custom), Verdict::Pass);
    auto open = serverWith([](FakeFaults& f) { f.noAuth = true; });
    EXPECT_EQ(verdictOf("AU-6", open, custom), Verdict::Fail);
    // AU-15: a query token refused is not honoured (the fake's challenge names an error: AB-8's).
    FakeMcpServer server;
    EXPECT_EQ(verdictOf("AU-15", server), Verdict::Pass);
    EXPECT_EQ(caseById("AB-3.tab").level, Level::Should);
}

TEST(MustAudit, ChallengeRowsWithoutAChallengeAreInconclusive) {
    auto forbidding = serverWith([](FakeFaults& f) {
        f.missingCredentialsStatus = 403;
        f.noChallenge = true;
    });
    // No 401 at all: nothing for AB-7 to judge (the fake's malformed-token answer is a 401 without
    // a challenge, which AB-7 fails; here missing credentials get 403 and carry none).
    auto facts = streamableFacts();
    auto ab12 = verdictOf("AB-12", forbidding, facts);
    EXPECT_EQ(ab12, Verdict::Inconclusive);
}

TEST(MustAudit, LegacyTransportFailuresAreReportedByTheCaseThatOwnsThem) {
    auto facts = testing::legacyFacts();
    auto verdicts = [&](LegacyScript script) {
        std::map<std::string, CaseResult> out;
        for (const std::string id : {"T-SSE-1", "T-SSE-2", "T-SSE-3", "T-SSE-6", "LC-1"}) {
            ScriptedLegacyServer server(script);
            out[id] = runCase(id, [&](const OutgoingRequest& r) { return server.handle(r); }, facts);
        }
        return out;
    };
    auto ok = verdicts({});
    for (const std::string id : {"T-SSE-1", "T-SSE-2", "T-SSE-3", "T-SSE-6", "LC-1"})
        EXPECT_EQ(ok[id].verdict, Verdict::Pass) << id << ": " << ok[id].outcome.actual << ok[id].outcome.note;
    auto noStream = verdicts({.getStatus = 404});
    EXPECT_EQ(noStream["T-SSE-2"].verdict, Verdict::Fail);
    for (const std::string id : {"T-SSE-1", "T-SSE-3", "LC-1"}) {
        EXPECT_EQ(noStream[id].verdict, Verdict::Blocked) << id;
        EXPECT_NE(noStream[id].outcome.note.find("T-SSE-2"), std::string::npos) << id << ": " << noStream[id].outcome.note;
    }
    auto html = verdicts({.getContentType = "text/html"});
    EXPECT_EQ(html["T-SSE-2"].verdict, Verdict::Fail);
    EXPECT_EQ(html["T-SSE-3"].verdict, Verdict::Blocked);
    auto noEndpoint = verdicts({.endpointEvent = false});
    EXPECT_EQ(noEndpoint["T-SSE-3"].verdict, Verdict::Fail);
    EXPECT_EQ(noEndpoint["T-SSE-1"].verdict, Verdict::Blocked);
    EXPECT_EQ(noEndpoint["T-SSE-2"].verdict, Verdict::Inconclusive);
    auto noPost = verdicts({.postStatus = 404});
    EXPECT_EQ(noPost["T-SSE-1"].verdict, Verdict::Fail);
    EXPECT_EQ(noPost["LC-1"].verdict, Verdict::Blocked);
    auto inBody = verdicts({.replyInPostBody = true});
    EXPECT_EQ(inBody["T-SSE-6"].verdict, Verdict::Fail);
    EXPECT_EQ(caseById("T-SSE-7").level, Level::Interop);
    EXPECT_EQ(caseById("T-SH-50").level, Level::Should);
}

TEST(MustAudit, AnUnterminatedEventIsJudgedOnlyWhenItsStreamEnded) {
    ScriptedLegacyServer legacy;   // open streams, every event terminated
    EXPECT_EQ(runCase("EV-2", [&](const OutgoingRequest& r) { return legacy.handle(r); }, testing::legacyFacts()).verdict, Verdict::Pass);
    FakeMcpServer server;
    auto cutShort = [&](const OutgoingRequest& r) {
        if (r.body.find("\"ping\"") == std::string::npos) return server.handle(r);
        auto id = r.body.substr(r.body.find("\"id\":") + 5);
        id = id.substr(0, id.find_first_of(",}"));
        // The answer ends inside its event: one LF, no blank line.
        return testing::makeResponse(200, {{"Content-Type", "text/event-stream"}}, "data: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}\n");
    };
    EXPECT_EQ(runCase("EV-2", cutShort).verdict, Verdict::Fail);
}

TEST(MustAudit, WireFormatRowsAreRegradedToWhatWhatwgRequires) {
    EXPECT_EQ(caseById("EV-5").level, Level::Should);
    EXPECT_EQ(caseById("EV-6").level, Level::Should);
    for (const std::string id : {"EV-1", "EV-2", "EV-3", "EV-4"}) EXPECT_EQ(caseById(id).level, Level::Must) << id;
}

}  // namespace
}  // namespace mcp::conformance
