// Streamable HTTP: POST / GET / DELETE on the MCP endpoint.
#include "reference-server/streamable_http_transport.h"

#include "protocol/bearer.h"
#include "protocol/sse_encoder.h"

#include <charconv>

namespace mcp::server {
namespace {

constexpr const char* kSessionHeader = "Mcp-Session-Id";

HttpResponse sseResponse(std::string body) {
    HttpResponse response = HttpResponse::text(200, std::move(body), "text/event-stream");
    response.headers.add("Cache-Control", "no-cache");
    return response;
}

// "<stream>-<seq>" as issued by ResumptionLog::record.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parseEventId(std::string_view id) {
    auto dash = id.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    std::uint64_t stream = 0, seq = 0;
    auto a = std::from_chars(id.data(), id.data() + dash, stream);
    auto b = std::from_chars(id.data() + dash + 1, id.data() + id.size(), seq);
    if (a.ec != std::errc() || a.ptr != id.data() + dash || b.ec != std::errc() || b.ptr != id.data() + id.size())
        return std::nullopt;
    return std::make_pair(stream, seq);
}

// Writes the events of one SSE answer and records them for resumption.
class SseAnswer {
public:
    SseAnswer(const ServerContext& context, Session& session)
        : context_(context), session_(session), stream_(session.log.openStream()) {
        // T-SH-16: 2025-11-25 opens every stream with a priming event (an id, empty data).
        if (session.mcp.revision && sendsPrimingEvent(*session.mcp.revision)) add("");
    }
    void add(std::string_view json) {
        std::string id = std::to_string(stream_) + "-" + std::to_string(seq_);
        std::string event = encodeMessageEvent(context_, json, "", id);
        body_ += event;
        session_.log.record(stream_, seq_++, std::move(event));
    }
    std::string take() { return std::move(body_); }

private:
    const ServerContext& context_;
    Session& session_;
    std::uint64_t stream_;
    std::uint64_t seq_ = 0;
    std::string body_;
};

}  // namespace

std::optional<HttpResponse> StreamableHttpTransport::checkProtocolVersion(const HttpRequest& request) {
    if (context_.config.faults.has(Fault::ProtocolVersionIgnored)) return std::nullopt;
    std::size_t count = request.headers.count("MCP-Protocol-Version");
    if (count == 0) return std::nullopt;  // T-SH-45: assume the negotiated revision
    auto value = request.headers.get("MCP-Protocol-Version");
    if (count > 1 || !parseRevision(*value))
        return jsonRpcErrorResponse(400, -32000, "Unsupported MCP-Protocol-Version");
    return std::nullopt;
}

std::shared_ptr<Session> StreamableHttpTransport::findSession(const HttpRequest& request, const AuthOutcome& auth,
                                                              std::optional<HttpResponse>& error) {
    std::size_t count = request.headers.count(kSessionHeader);
    if (count == 0) {
        error = jsonRpcErrorResponse(400, -32000, "Mcp-Session-Id header is required");
        return nullptr;
    }
    if (count > 1) {
        error = jsonRpcErrorResponse(400, -32000, "more than one Mcp-Session-Id header");
        return nullptr;
    }
    auto session = context_.sessions.find(std::string(*request.headers.get(kSessionHeader)), auth.token);
    if (!session || session->transport != TransportKind::StreamableHttp) {
        error = jsonRpcErrorResponse(404, -32001, "Session not found");
        return nullptr;
    }
    if (auto versionError = checkProtocolVersion(request)) {
        error = versionError;
        return nullptr;
    }
    return session;
}

HttpResponse StreamableHttpTransport::post(const HttpRequest& request, const AuthOutcome& auth) {
    if (!accepts(request, "application/json") || !accepts(request, "text/event-stream"))
        return jsonRpcErrorResponse(406, -32000, "Accept must list application/json and text/event-stream");

    std::shared_ptr<Session> session;
    bool hasSession = request.headers.has(kSessionHeader);
    std::optional<HttpResponse> error;
    if (hasSession && !(session = findSession(request, auth, error))) return *error;

    std::unique_lock<std::mutex> lock;
    if (session) lock = std::unique_lock(session->mutex);
    bool batches = session ? session->mcp.revision && allowsBatches(*session->mcp.revision) : true;
    PostedMessages posted = readPostedMessages(context_, request, batches);
    if (posted.error) return *posted.error;

    const auto& items = posted.body.items;
    bool hasInitialize = std::any_of(items.begin(), items.end(), [](const DecodedItem& i) {
        return i.message && i.message->isRequest() && i.message->method == "initialize";
    });
    if (hasInitialize) {
        if (posted.body.isBatch)
            return jsonRpcErrorResponse(400, kInvalidRequest, "initialize must not be part of a batch");
        if (session) return jsonRpcErrorResponse(400, kInvalidRequest, "Session already initialized");
        return initialize(request, auth, *items.front().message);
    }
    if (!session) {
        if (auto versionError = checkProtocolVersion(request)) return *versionError;
        return jsonRpcErrorResponse(400, -32000, "Mcp-Session-Id header is required");
    }
    return answer(*session, posted.body);
}

HttpResponse StreamableHttpTransport::initialize(const HttpRequest& request, const AuthOutcome& auth,
                                                 const JsonRpcMessage& message) {
    if (auto versionError = checkProtocolVersion(request)) return *versionError;
    auto session = context_.sessions.create(TransportKind::StreamableHttp, auth.token, auth.authorization);
    if (!session) return jsonRpcErrorResponse(503, -32000, "Too many sessions");
    std::lock_guard lock(session->mutex);
    McpReply reply = context_.mcp.handle(message, session->mcp);
    if (!session->mcp.revision) {
        context_.sessions.remove(session->id);  // initialize failed: no session
        return HttpResponse::json(200, serialize(*reply.response));
    }
    context_.logger.information("session opened: streamable-http id=%s token=%s", session->id.substr(0, 8),
                                tokenFingerprint(auth.token));
    HttpResponse response = HttpResponse::json(200, serialize(*reply.response));
    response.headers.add(kSessionHeader, session->id);
    return response;
}

HttpResponse StreamableHttpTransport::answer(Session& session, const DecodedBody& body) {
    Replies dispatched = dispatchMessages(context_, body, session.mcp);
    const std::vector<std::string>& replies = dispatched.messages;
    std::shared_ptr<MessageSequence>& sequence = dispatched.notifications;
    // T-SH-9: only notifications and responses -> 202 with no body.
    if (replies.empty() && !sequence) return HttpResponse::text(202, "", "text/plain");

    if (!sequence) return HttpResponse::json(200, joinReplies(replies, body.isBatch));
    // Notifications belong on this request's stream (T-SH-13): answer with SSE.
    SseAnswer sse(context_, session);
    std::string json;
    for (std::uint64_t n = 0; n < McpServer::kMaxStreamEvents; ++n) {
        json.clear();
        if (!sequence->next(json)) break;
        sse.add(json);
    }
    for (const auto& r : replies) sse.add(r);
    return sseResponse(sse.take());
}

HttpResponse StreamableHttpTransport::get(const HttpRequest& request, const AuthOutcome& auth) {
    if (!accepts(request, "text/event-stream"))
        return jsonRpcErrorResponse(406, -32000, "Accept must list text/event-stream");
    std::optional<HttpResponse> error;
    auto session = findSession(request, auth, error);
    if (!session) return *error;

    std::lock_guard lock(session->mutex);
    auto stream = std::make_shared<OutboundStream>(context_.config.maxQueuedBytesPerSession);
    if (auto lastEventId = request.headers.get("Last-Event-ID")) {
        // T-SH-30: replay what followed that event on its own stream, then end it.
        auto parsed = parseEventId(*lastEventId);
        auto events = parsed ? session->log.after(parsed->first, parsed->second) : std::nullopt;
        if (!events) return jsonRpcErrorResponse(404, -32000, "Unknown Last-Event-ID");
        for (const auto& e : *events) stream->push(e);
        stream->close(true);
    } else {
        if (session->stream && !session->stream->closed())
            return jsonRpcErrorResponse(409, -32000, "A GET stream is already open for this session");
        session->stream = stream;
        if (session->mcp.revision && sendsPrimingEvent(*session->mcp.revision)) {
            std::uint64_t streamId = session->log.openStream();
            std::string priming = encodeSseEvent({.id = std::to_string(streamId) + "-0", .data = ""});
            stream->push(priming);
            session->log.record(streamId, 0, std::move(priming));
        }
    }
    HttpResponse response = sseResponse("");
    response.stream = std::move(stream);
    return response;
}

HttpResponse StreamableHttpTransport::remove(const HttpRequest& request, const AuthOutcome& auth) {
    std::optional<HttpResponse> error;
    auto session = findSession(request, auth, error);
    if (!session) return *error;
    if (!context_.config.faults.has(Fault::SessionSurvivesDelete)) {
        context_.sessions.remove(session->id);
        std::lock_guard lock(session->mutex);
        if (session->stream) session->stream->close();
        context_.logger.information("session closed: streamable-http id=%s (DELETE)", session->id.substr(0, 8));
    }
    HttpResponse noContent;
    noContent.status = 204;
    return noContent;
}

}  // namespace mcp::server
