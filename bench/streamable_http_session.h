// StreamableHttpSession: the Streamable HTTP transport (2025-03-26 and later) for mcp-bench.
// Every message is a POST to the --url; a request's reply comes back in that POST's response,
// as JSON or as an SSE stream that may carry notifications first (the stream scenario's
// events). The Mcp-Session-Id from initialize is sent on every later request. In the
// connections scenario the session then holds its standalone GET event stream open.
#pragma once

#include "bench/mcp_client_session.h"
#include "protocol/sse_parser.h"

#include <memory>
#include <vector>

namespace mcp::bench {

class StreamableHttpSession final : public McpClientSession {
public:
    StreamableHttpSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                          RunStats& stats, LiveCounters& live);

    void start() override;

    void onResponseHead(HttpConnection& connection) override;
    void onResponseBody(HttpConnection& connection, std::string_view bytes) override;
    void onResponseComplete(HttpConnection& connection) override;
    void onConnectionFailed(HttpConnection& connection, std::string_view reason) override;

protected:
    PostOutcome tryPost(std::string& body, Role role, std::int64_t callId) override;
    void closeConnections() override;
    std::string_view protocolVersion() const override { return kProtocolVersion; }
    void openStandaloneStream() override;

private:
    static constexpr std::string_view kProtocolVersion = "2025-06-18";
    static constexpr std::size_t kMaxJsonBody = 4 * 1024 * 1024;

    struct PostSlot {
        std::unique_ptr<HttpConnection> connection;
        Role role = Role::Call;
        std::int64_t callId = 0;
        bool isEventStream = false;
        std::unique_ptr<SseParser> parser;  // per response, when it is an event stream
        std::string jsonBody;
    };

    PostSlot* slotOf(const HttpConnection& connection);

    bool isStandaloneStream(const HttpConnection& connection) const { return &connection == stream_.get(); }

    std::unique_ptr<HttpConnection> stream_;  // GET stream (connections scenario only)
    std::string sessionHeaders_;   // "Mcp-Session-Id: ...\r\nMCP-Protocol-Version: ...\r\n"
    std::vector<PostSlot> posts_;  // created on first use, at most `inflight`
};

}  // namespace mcp::bench
