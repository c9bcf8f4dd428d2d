// StreamableHttpSession: POST pool whose responses carry the replies.
#include "bench/streamable_http_session.h"

namespace mcp::bench {

StreamableHttpSession::StreamableHttpSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                                             RunStats& stats, LiveCounters& live)
    : McpClientSession(loop, plan, control, stats, live) {
    posts_.reserve(plan.inflight);  // slots are referenced across callbacks: never reallocate
}

void StreamableHttpSession::start() {
    markOpening();
    beginHandshake();
}

void StreamableHttpSession::openStandaloneStream() {
    // Only the stream is held: an idle keep-alive POST connection per session would measure
    // the server's keep-alive handling, not its sessions (and costs a descriptor on each side).
    for (auto& slot : posts_) slot.connection->close();
    stream_ = std::make_unique<HttpConnection>(loop_, plan_.target, *this);
    std::string request = "GET " + plan_.path + " HTTP/1.1\r\n" + headers_ + sessionHeaders_ +
                          "Accept: text/event-stream\r\n\r\n";
    if (!stream_->send(std::move(request))) fail("could not open a socket (file descriptor limit?)");
}

void StreamableHttpSession::closeConnections() {
    if (stream_) stream_->close();
    for (auto& slot : posts_) slot.connection->close();
}

StreamableHttpSession::PostSlot* StreamableHttpSession::slotOf(const HttpConnection& connection) {
    for (auto& slot : posts_)
        if (slot.connection.get() == &connection) return &slot;
    return nullptr;
}

StreamableHttpSession::PostOutcome StreamableHttpSession::tryPost(std::string& body, Role role, std::int64_t callId) {
    PostSlot* free = acquirePostSlot(posts_);
    if (!free) return PostOutcome::NoFreeConnection;
    free->role = role;
    free->callId = callId;
    free->isEventStream = false;
    free->parser.reset();
    free->jsonBody.clear();
    std::string request = "POST " + plan_.path + " HTTP/1.1\r\n" + headers_ + sessionHeaders_ +
                          "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                          "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return free->connection->send(std::move(request)) ? PostOutcome::Sent : PostOutcome::Failed;
}

void StreamableHttpSession::onResponseHead(HttpConnection& connection) {
    if (isStandaloneStream(connection)) {
        const int status = connection.response().status;
        if (status == 200) holdOpen();
        else fail("standalone GET stream answered HTTP " + std::to_string(status));
        return;
    }
    PostSlot* slot = slotOf(connection);
    if (!slot) return;
    const auto& response = connection.response();
    if (slot->role == Role::Initialize && response.status == 200) {
        const std::string_view sessionId = response.headers.get("Mcp-Session-Id").value_or("");
        if (sessionId.find_first_of("\r\n") != std::string_view::npos) {
            fail("Mcp-Session-Id holds CR or LF");
            return;
        }
        if (!sessionId.empty()) sessionHeaders_ = "Mcp-Session-Id: " + std::string(sessionId) + "\r\n";
        sessionHeaders_ += "MCP-Protocol-Version: " + std::string(kProtocolVersion) + "\r\n";
    }
    slot->isEventStream = http1::mediaType(response.headers.get("Content-Type").value_or("")) == "text/event-stream";
    if (slot->isEventStream) slot->parser = std::make_unique<SseParser>(kMaxJsonBody);
}

void StreamableHttpSession::onResponseBody(HttpConnection& connection, std::string_view bytes) {
    PostSlot* slot = slotOf(connection);
    if (!slot || settled()) return;
    if (slot->isEventStream) {
        slot->parser->feedViews(bytes, [this](const SseEventView& event) {
            if (event.type == "message" && !settled()) onJsonRpcMessage(event.data);
        });
        if (!settled() && slot->parser->overflowed()) fail("SSE event too large");
        return;
    }
    if (slot->jsonBody.size() + bytes.size() > kMaxJsonBody) {
        fail("JSON response too large");
        return;
    }
    slot->jsonBody.append(bytes);
}

void StreamableHttpSession::onResponseComplete(HttpConnection& connection) {
    if (isStandaloneStream(connection)) {
        if (!control_.stopping) fail("standalone stream ended by the server");
        return;
    }
    PostSlot* slot = slotOf(connection);
    if (!slot || settled()) return;
    // The slot is free again: handling the reply may reuse it for the next POST.
    const Role role = slot->role;
    const std::int64_t callId = slot->callId;
    const int status = connection.response().status;
    const bool wasEventStream = slot->isEventStream;
    const std::string body = std::move(slot->jsonBody);
    slot->jsonBody.clear();
    sendQueuedPosts();
    if (status < 200 || status >= 300) {
        onPostFinished(role, callId, false, "POST answered HTTP " + std::to_string(status));
        return;
    }
    if (!wasEventStream && !body.empty()) onJsonRpcMessage(body);
    if (settled()) return;
    if (role == Role::Initialize) {
        if (phase() == Phase::Handshaking && status == 202) fail("initialize got no reply");
        return;
    }
    if (role == Role::Initialized) onPostAccepted(Role::Initialized);
    else onPostFinished(Role::Call, callId, true, {});
}

void StreamableHttpSession::onConnectionFailed(HttpConnection& connection, std::string_view reason) {
    if (isStandaloneStream(connection)) {
        if (!control_.stopping) fail(reason);
        return;
    }
    PostSlot* slot = slotOf(connection);
    if (!slot) return;
    const Role role = slot->role;
    const std::int64_t callId = slot->callId;
    sendQueuedPosts();
    onPostFinished(role, callId, false, reason);
}

}  // namespace mcp::bench
