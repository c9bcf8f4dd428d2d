// LegacySseSession: the 2024-11-05 HTTP+SSE transport for mcp-bench. A GET to the --url opens
// the event stream; its first `endpoint` event names the URL to POST messages to; replies and
// notifications arrive on the stream as `message` events. POSTs go over a small pool of
// keep-alive connections, one per call in flight; a message finding them all busy (a reply
// may overtake the 202 of its own POST) waits in the session's queue.
#pragma once

#include "bench/mcp_client_session.h"
#include "protocol/sse_parser.h"

#include <memory>
#include <vector>

namespace mcp::bench {

class LegacySseSession final : public McpClientSession {
public:
    LegacySseSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                     RunStats& stats, LiveCounters& live);

    void start() override;

    void onResponseHead(HttpConnection& connection) override;
    void onResponseBody(HttpConnection& connection, std::string_view bytes) override;
    void onResponseComplete(HttpConnection& connection) override;
    void onConnectionFailed(HttpConnection& connection, std::string_view reason) override;

protected:
    PostOutcome tryPost(std::string& body, Role role, std::int64_t callId) override;
    void closeConnections() override;
    std::string_view protocolVersion() const override { return "2024-11-05"; }

private:
    struct PostSlot {
        std::unique_ptr<HttpConnection> connection;
        Role role = Role::Call;
        std::int64_t callId = 0;
    };

    void onSseEvent(const SseEventView& event);
    bool isStream(const HttpConnection& connection) const { return &connection == stream_.get(); }

    std::unique_ptr<HttpConnection> stream_;
    SseParser parser_;
    std::string postTarget_;          // path and query from the endpoint event
    std::vector<PostSlot> posts_;     // created on first use, at most `inflight`
};

}  // namespace mcp::bench
