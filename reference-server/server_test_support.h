// Fixtures for the in-process server tests: a ReferenceServer on port 0 and MCP
// client sessions for both transports built on test_client.h.
#pragma once

#include "protocol/json_rpc.h"
#include "reference-server/reference_server.h"
#include "reference-server/test_client.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace mcp::server::testing {

// A server on port 0 whose deadlines follow `clock_`, a manual clock: time only passes in a
// test that advances it, followed by a fence so the loop acts on it.
class ServerTest : public ::testing::Test {
protected:
    void SetUp() override { start(ServerConfig{}); }
    void start(ServerConfig config);
    void TearDown() override { server_.reset(); }
    // Returns once every event loop has handled everything it had been told before the call.
    void fence() { ASSERT_TRUE(server_->onLoop([] {})); }
    // Fences until `done` holds (the loop learns of a client's close from the kernel; this
    // waits for that without sleeping). False after `rounds` fences.
    bool fenceUntil(const std::function<bool()>& done, int rounds = 10000);

    ManualClock clock_;
    std::unique_ptr<ReferenceServer> server_;
    int port_ = 0;
};

// The single message in a body or SSE payload (fails the test otherwise).
JsonRpcMessage parseMessage(const std::string& text);
// The text of the first content block of a tools/call result.
std::string resultText(const JsonRpcMessage& response);

std::string initializeBody(const std::string& id, const std::string& revision, const std::string& capabilities = "{}");
std::string callToolBody(const std::string& id, const std::string& tool, const std::string& argumentsJson);

// A legacy HTTP+SSE session: GET /sse, then POSTs to the endpoint, replies on the stream.
class LegacySession {
public:
    LegacySession(int port, std::string authorization);
    bool opened() const { return !endpoint_.empty(); }
    const std::string& endpoint() const { return endpoint_; }
    std::string sessionId() const { return endpoint_.substr(endpoint_.find('=') + 1); }
    ClientResponse post(const std::string& body, const Headers& extra = {});
    // POSTs a request and returns the reply that arrives on the stream.
    std::optional<JsonRpcMessage> request(const std::string& body);
    // initialize + notifications/initialized.
    void initialize(const std::string& revision = "2024-11-05", const std::string& capabilities = "{}");
    EventStream& stream() { return stream_; }

private:
    int port_;
    std::string authorization_;
    EventStream stream_;
    std::string endpoint_;
};

// A Streamable HTTP session at /mcp.
class StreamableSession {
public:
    StreamableSession(int port, std::string authorization) : port_(port), authorization_(std::move(authorization)) {}
    // initialize + notifications/initialized; returns the initialize answer.
    ClientResponse initialize(const std::string& revision = "2025-06-18", const std::string& capabilities = "{}");
    ClientResponse post(const std::string& body, Headers extra = {});
    Headers headers(bool withSession = true) const;
    const std::string& id() const { return id_; }
    const std::string& revision() const { return revision_; }

private:
    int port_;
    std::string authorization_;
    std::string id_;
    std::string revision_;
};

}  // namespace mcp::server::testing
