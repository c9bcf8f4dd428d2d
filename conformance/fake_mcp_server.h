// Test seam: a GoogleMock HttpExchanger and an in-memory MCP server behind it, so cases can
// be run without sockets against a correct server and against servers that are wrong in the
// ways the cases exist to catch (FakeFaults). Streamable HTTP with JSON answers, plus a
// scripted legacy SSE stream for framing variations.
#pragma once

#include "conformance/http_exchanger.h"

#include <gmock/gmock.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace mcpc::testing {

class MockHttpExchanger : public HttpExchanger {
public:
    MOCK_METHOD(OpenResult, open, (const HttpRequest& request, milliseconds timeout), (override));
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
};

// A small, correct (unless faulted) Streamable HTTP MCP server, in memory.
class FakeMcpServer {
public:
    explicit FakeMcpServer(FakeFaults faults = {}) : faults_(faults) {}
    OpenResult handle(const HttpRequest& request);
    // Sessions opened and not yet ended by DELETE.
    std::size_t openSessions();

private:
    OpenResult post(const HttpRequest& request, const std::string& authorization);
    std::string answer(const std::string& body, const std::string& sessionAuth, bool& isNotification, int& status);

    FakeFaults faults_;
    std::mutex mutex_;
    std::map<std::string, std::string> sessions_;   // id -> Authorization value it was opened with
    std::string firstSessionAuth_;
    int nextSession_ = 1;
};

}  // namespace mcpc::testing
