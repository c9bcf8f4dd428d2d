// Test seam: a GoogleMock HttpExchanger and in-memory MCP servers behind it, so cases can be
// run without sockets against a correct server and against servers that are wrong in the ways
// the cases exist to catch: FakeMcpServer (Streamable HTTP, JSON answers, SSE when it sends
// messages before a result; FakeFaults) and ScriptedLegacyServer (legacy HTTP+SSE with framing
// variations and transport faults; LegacyScript).
#pragma once

#include "conformance/conformance_case.h"
#include "conformance/http_exchanger.h"
#include "conformance/runner.h"

#include <gmock/gmock.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <mutex>
#include <string>
#include <vector>

namespace mcp::conformance::testing {

class MockHttpExchanger : public HttpExchanger {
public:
    MOCK_METHOD(OpenResult, open, (const OutgoingRequest& request, milliseconds timeout), (override));
};

// A response body handed out in fixed-size chunks (1 = byte by byte).
class FakeStream : public HttpStream {
public:
    FakeStream(HttpResponseHead head, std::string body, std::size_t chunk = 1 << 20, bool endless = false)
        : head_(std::move(head)), body_(std::move(body)), chunk_(chunk), endless_(endless) {}
    const HttpResponseHead& head() const override { return head_; }
    ReadStatus read(std::string& out, milliseconds) override;
    std::string error() const override { return {}; }
    std::vector<mcp::http1::Observation> framing() const override { return {}; }   // nothing decoded

private:
    HttpResponseHead head_;
    std::string body_;
    std::size_t chunk_;
    bool endless_;     // after the body: Timeout instead of End (an open SSE stream)
    std::size_t pos_ = 0;
};

OpenResult makeResponse(int status, HttpHeaders headers, std::string body, std::size_t chunk = 1 << 20, bool endless = false);

// A stream whose body grows while the test runs (a legacy GET stream): Timeout when drained.
class LiveStream : public HttpStream {
public:
    LiveStream(HttpResponseHead head, std::shared_ptr<std::string> buffer, std::size_t chunk)
        : head_(std::move(head)), buffer_(std::move(buffer)), chunk_(chunk) {}
    const HttpResponseHead& head() const override { return head_; }
    std::string error() const override { return {}; }
    std::vector<mcp::http1::Observation> framing() const override { return {}; }
    ReadStatus read(std::string& out, milliseconds) override;

private:
    HttpResponseHead head_;
    std::shared_ptr<std::string> buffer_;
    std::size_t chunk_;
    std::size_t pos_ = 0;
};

// How ScriptedLegacyServer frames its stream and where it deviates.
struct LegacyScript {
    std::string eol = "\n";
    std::size_t chunk = 1;            // bytes handed out per read
    bool comments = false;            // keep-alive comment lines
    std::string endpoint = "/sse/message?sessionId=0123456789abcdef0123456789abcdef";
    int getStatus = 200;
    std::string getContentType = "text/event-stream";
    bool endpointEvent = true;        // false: the first event is a message event (T-SSE-3)
    int postStatus = 202;             // the POST endpoint's status (404: not served, T-SSE-1)
    bool replyInPostBody = false;     // the JSON-RPC answer in the POST body, not on the stream (T-SSE-6)
    bool slowTools = false;           // a tools/call answer comes after the answer to the next ping (out of order)
};

// A legacy HTTP+SSE server: GET opens the stream with the endpoint event, POSTs are answered on it.
class ScriptedLegacyServer {
public:
    explicit ScriptedLegacyServer(LegacyScript script = {}) : s_(std::move(script)) {}
    OpenResult handle(const OutgoingRequest& request);

private:
    LegacyScript s_;
    std::shared_ptr<std::string> buffer_ = std::make_shared<std::string>();
    std::string held_;   // slowTools: a tools/call answer not written yet
};

struct FakeFaults {
    bool noAuth = false;               // AU-3
    bool noChallenge = false;          // AB-7
    bool caseSensitiveScheme = false;  // AB-2
    bool stringifyIds = false;         // JR-2
    bool unknownMethodOk = false;      // JR-12
    bool parseErrorCode = false;       // JR-10
    bool notificationAnswered = false; // JR-6
    bool toolNotFoundResult = false;   // TL-9
    bool echoTruncated = false;        // ECHO-2
    bool echoSchemeStripped = false;   // ECHO-1
    bool echoFirstSession = false;     // ECHO-3
    bool sessionSurvivesDelete = false;// T-SH-38
    bool argumentsRequired = false;    // TL-16: tools/call without "arguments" is refused
    bool servesInvalidUtf8 = false;    // JR-20: a body with invalid UTF-8 is served as if it were valid
    bool noTools = false;              // offers no tools: no tools capability, tools/* -> -32601
    bool rejectsReusedIds = false;     // a request id used before in the session -> -32600 with id null (basic/index)
    bool wrongParamsCode = false;      // tools/call without name or with non-object arguments -> -32603 (the TS SDK)
    bool unknownToolOtherCode = false; // an unknown tool -> -32601 (TL-9: another code)
    bool logsToken = false;            // declares logging; each tools/call first logs the caller's Authorization
    bool asksUndeclared = false;       // lists needs_sampling, which sends sampling/createMessage whatever the client declared
    bool cancelsItsRequest = false;    // with asksUndeclared: then cancels that request (notifications/cancelled, s-1)
    bool cancelsUnknownRequest = false;  // with asksUndeclared: then cancels a request it never sent (s-404)
    bool answers2024Only = false;      // initialize always answers 2024-11-05 (LC-3)
    bool validatesVersionHeader = false; // MCP-Protocol-Version not a known revision -> 400 (T-SH-44)
    bool refusesUnknownNotifications = false; // unknown notifications -> 400 with an id-less JSON-RPC error (allowed)
    int deleteStatus = 0;              // DELETE answer instead of 204 (e.g. 400: T-SH-40's business)
    int missingCredentialsStatus = 401;// status without Authorization (403: refused, not 401)
    enum class SessionIds { Hashed, Counter, JwtLike, Short, Empty } sessionIds = SessionIds::Hashed;
};

// A small, correct (unless faulted) Streamable HTTP MCP server, in memory.
class FakeMcpServer {
public:
    explicit FakeMcpServer(FakeFaults faults = {}) : faults_(faults) {}
    OpenResult handle(const OutgoingRequest& request);
    // Sessions opened and not yet ended by DELETE.
    std::size_t openSessions();

private:
    OpenResult post(const OutgoingRequest& request, const std::string& authorization);
    // `before` collects messages the server sends ahead of the response (sent as SSE).
    std::string answer(const std::string& body, const std::string& sessionAuth, bool& isNotification, int& status,
                       std::vector<std::string>& before);
    std::string newSessionId(int n) const;

    FakeFaults faults_;
    std::mutex mutex_;
    std::map<std::string, std::string> sessions_;   // id -> Authorization value it was opened with
    std::map<std::string, std::set<std::string>> usedIds_;   // session -> request ids seen
    std::string firstSessionAuth_;
    int nextSession_ = 1;
};

// Running one catalog case against a mocked target (Target http://127.0.0.1:1/mcp or /sse,
// --timeout 300 ms, token "unit-test-token").
const CaseDef& caseById(const std::string& id);
// What discovery learns from FakeMcpServer: Streamable HTTP, every revision, auth required, any
// well-formed token accepted, tools add, getToken and echo.
TargetFacts streamableFacts();
// ScriptedLegacyServer: legacy HTTP+SSE at 2024-11-05, no authentication.
TargetFacts legacyFacts();
CaseResult runCase(const std::string& id, MockHttpExchanger& http, const TargetFacts& facts = streamableFacts());
// Routes every request to `handle` (a FakeMcpServer's, a ScriptedLegacyServer's, or a wrapper).
CaseResult runCase(const std::string& id, const std::function<OpenResult(const OutgoingRequest&)>& handle,
                   const TargetFacts& facts = streamableFacts());
CaseResult runCase(const std::string& id, FakeMcpServer& server, const TargetFacts& facts = streamableFacts());

}  // namespace mcp::conformance::testing
