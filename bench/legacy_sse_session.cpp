// LegacySseSession: GET /sse stream + POST pool.
#include "bench/legacy_sse_session.h"

#include "protocol/legacy_endpoint.h"

namespace mcp::bench {

LegacySseSession::LegacySseSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                                   RunStats& stats, LiveCounters& live)
    : McpClientSession(loop, plan, control, stats, live), parser_(1024 * 1024 * 4) {
    posts_.reserve(plan.inflight);  // slots are referenced across callbacks: never reallocate
}

void LegacySseSession::start() {
    markOpening();
    stream_ = std::make_unique<HttpConnection>(loop_, plan_.target, *this);
    std::string request = "GET " + plan_.path + " HTTP/1.1\r\n" + headers_ +
                          "Accept: text/event-stream\r\n\r\n";
    if (!stream_->send(std::move(request))) fail("could not open a socket (file descriptor limit?)");
}

void LegacySseSession::closeConnections() {
    if (stream_) stream_->close();
    for (auto& slot : posts_) slot.connection->close();
}

LegacySseSession::PostOutcome LegacySseSession::tryPost(std::string& body, Role role, std::int64_t callId) {
    if (postTarget_.empty()) return PostOutcome::Failed;
    PostSlot* free = acquirePostSlot(posts_);
    if (!free) return PostOutcome::NoFreeConnection;
    free->role = role;
    free->callId = callId;
    std::string request = "POST " + postTarget_ + " HTTP/1.1\r\n" + headers_ +
                          "Content-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body;
    return free->connection->send(std::move(request)) ? PostOutcome::Sent : PostOutcome::Failed;
}

void LegacySseSession::onResponseHead(HttpConnection& connection) {
    if (!isStream(connection)) return;  // POST statuses are judged when complete
    const int status = connection.response().status;
    if (status != 200) fail("GET stream answered HTTP " + std::to_string(status));
}

void LegacySseSession::onResponseBody(HttpConnection& connection, std::string_view bytes) {
    if (!isStream(connection) || settled()) return;
    parser_.feedViews(bytes, [this](const SseEventView& event) { onSseEvent(event); });
    if (parser_.overflowed()) fail("SSE event too large");
}

void LegacySseSession::onSseEvent(const SseEventView& event) {
    if (settled()) return;
    if (event.type == "endpoint") {
        noteFirstEvent();
        if (!postTarget_.empty()) return;  // only the first endpoint counts
        std::string error;
        postTarget_ = mcp::resolveLegacyEndpoint(plan_.url, event.data, error).value_or("");
        if (postTarget_.empty()) {
            fail(error);
            return;
        }
        if (plan_.scenario == Scenario::Connections) holdOpen();
        else beginHandshake();
        return;
    }
    if (event.type == "message") onJsonRpcMessage(event.data);
}

void LegacySseSession::onResponseComplete(HttpConnection& connection) {
    if (isStream(connection)) {
        if (!control_.stopping) fail("SSE stream ended by the server");
        return;
    }
    for (auto& slot : posts_) {
        if (slot.connection.get() != &connection) continue;
        const int status = connection.response().status;
        const Role role = slot.role;  // the slot is free: queued messages may take it now
        const std::int64_t callId = slot.callId;
        sendQueuedPosts();
        if (status >= 200 && status < 300) onPostAccepted(role);
        else onPostFinished(role, callId, false, "POST answered HTTP " + std::to_string(status));
        return;
    }
}

void LegacySseSession::onConnectionFailed(HttpConnection& connection, std::string_view reason) {
    if (isStream(connection)) {
        if (!control_.stopping) fail(reason);
        return;
    }
    for (auto& slot : posts_) {
        if (slot.connection.get() != &connection) continue;
        const Role role = slot.role;
        const std::int64_t callId = slot.callId;
        sendQueuedPosts();
        onPostFinished(role, callId, false, reason);
        return;
    }
}

}  // namespace mcp::bench
