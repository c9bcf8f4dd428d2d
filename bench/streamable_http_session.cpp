// StreamableHttpSession: POST pool whose responses carry the replies.
#include "bench/streamable_http_session.h"

namespace mcp::bench {

StreamableHttpSession::StreamableHttpSession(EventLoop& loop, const SessionPlan& plan, ThreadControl& control,
                                             RunStats& stats, LiveCounters& live)
    : McpClientSession(loop, plan, control, stats, live) {
    posts_.reserve(plan.inflight + 1);  // slots are referenced across callbacks: never reallocate
}

void StreamableHttpSession::start() {
    markOpening();
    beginHandshake();
}

void StreamableHttpSession::closeConnections() {
    for (auto& slot : posts_) slot.connection->close();
}

StreamableHttpSession::PostSlot* StreamableHttpSession::slotOf(const HttpConnection& connection) {
    for (auto& slot : posts_)
        if (slot.connection.get() == &connection) return &slot;
    return nullptr;
}

bool StreamableHttpSession::postMessage(std::string body, Role role, std::int64_t callId) {
    PostSlot* free = nullptr;
    for (auto& slot : posts_)
        if (!slot.connection->busy()) {
            free = &slot;
            break;
        }
    if (!free) {
        if (posts_.size() > plan_.inflight) return false;  // inflight + 1: a spare for the handshake
        PostSlot slot;
        slot.connection = std::make_unique<HttpConnection>(loop_, plan_.target, *this);
        posts_.push_back(std::move(slot));
        free = &posts_.back();
    }
    free->role = role;
    free->callId = callId;
    free->isEventStream = false;
    free->parser.reset();
    free->jsonBody.clear();
    std::string request = "POST " + plan_.path + " HTTP/1.1\r\n" + plan_.commonHeaders + sessionHeaders_ +
                          "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                          "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (free->connection->send(std::move(request))) return true;
    if (role == Role::Initialize) fail("could not open a socket (file descriptor limit?)");
    return false;
}

void StreamableHttpSession::onResponseHead(HttpConnection& connection) {
    PostSlot* slot = slotOf(connection);
    if (!slot) return;
    const auto& response = connection.response();
    if (slot->role == Role::Initialize && response.status() == 200) {
        const std::string_view sessionId = response.header("Mcp-Session-Id");
        if (sessionId.find_first_of("\r\n") != std::string_view::npos) {
            fail("Mcp-Session-Id holds CR or LF");
            return;
        }
        if (!sessionId.empty()) sessionHeaders_ = "Mcp-Session-Id: " + std::string(sessionId) + "\r\n";
        sessionHeaders_ += "MCP-Protocol-Version: " + std::string(kProtocolVersion) + "\r\n";
    }
    slot->isEventStream = response.header("Content-Type").starts_with("text/event-stream");
    if (slot->isEventStream) slot->parser = std::make_unique<SseParser>(kMaxJsonBody);
}

void StreamableHttpSession::onResponseBody(HttpConnection& connection, std::string_view bytes) {
    PostSlot* slot = slotOf(connection);
    if (!slot || settled()) return;
    if (slot->isEventStream) {
        slot->parser->feed(bytes, [this](const SseEvent& event) {
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
    PostSlot* slot = slotOf(connection);
    if (!slot || settled()) return;
    // The slot is free again: handling the reply may reuse it for the next POST.
    const Role role = slot->role;
    const std::int64_t callId = slot->callId;
    const int status = connection.response().status();
    const std::string body = std::move(slot->jsonBody);
    slot->jsonBody.clear();
    if (status < 200 || status >= 300) {
        onPostFinished(role, callId, false, "POST answered HTTP " + std::to_string(status));
        return;
    }
    if (!slot->isEventStream && !body.empty()) onJsonRpcMessage(body);
    if (settled()) return;
    if (role == Role::Initialize) {
        if (phase() == Phase::Handshaking && status == 202) fail("initialize got no reply");
        return;
    }
    if (role == Role::Initialized) onPostAccepted(Role::Initialized);
    else onPostFinished(Role::Call, callId, true, {});
}

void StreamableHttpSession::onConnectionFailed(HttpConnection& connection, std::string_view reason) {
    if (PostSlot* slot = slotOf(connection)) onPostFinished(slot->role, slot->callId, false, reason);
}

}  // namespace mcp::bench
