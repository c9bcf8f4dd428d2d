// Streamable HTTP: POST / GET / DELETE on the MCP endpoint.
#include "reference-server/streamable_http_transport.h"

#include "reference-server/streamable_channel.h"

#include "protocol/bearer.h"

namespace mcp::server {
namespace {
constexpr const char* kSessionHeader = "Mcp-Session-Id";

StreamableChannel& channelOf(Session& session) { return static_cast<StreamableChannel&>(*session.mcp.channel); }
}  // namespace

std::optional<HttpResponse> StreamableHttpTransport::checkProtocolVersion(const HttpRequest& request) {
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
    if (session) lock = lockSession(*session);
    bool batches = session ? session->mcp.revision && allowsBatches(*session->mcp.revision) : true;
    PostedMessages posted = readPostedMessages(request, batches);
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
    std::optional<HttpResponse> refusal;
    auto session = admitSession(context_, context_.sessions.create(TransportKind::StreamableHttp, auth.token, auth.authorization),
                                auth.token, refusal);
    if (!session) return *refusal;
    std::lock_guard lock(session->mutex);
    session->mcp.channel = std::make_shared<StreamableChannel>(context_, session);
    McpReply reply = context_.mcp->handle(message, session->mcp);
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
    std::vector<JsonRpcId> requests;
    for (const auto& item : body.items)
        if (item.message && item.message->isRequest()) requests.push_back(*item.message->id);
    StreamableChannel& channel = channelOf(session);
    auto post = channel.beginPost(requests);
    Replies replies = dispatchMessages(context_, body, session.mcp);
    return channel.endPost(post, replies, body.isBatch);
}

HttpResponse StreamableHttpTransport::get(const HttpRequest& request, const AuthOutcome& auth) {
    if (!accepts(request, "text/event-stream"))
        return jsonRpcErrorResponse(406, -32000, "Accept must list text/event-stream");
    std::optional<HttpResponse> error;
    auto session = findSession(request, auth, error);
    if (!session) return *error;

    auto lock = lockSession(*session);
    auto stream = newStreamQueue(context_, "streamable-http id=" + session->id.substr(0, 8));
    if (auto lastEventId = request.headers.get("Last-Event-ID")) {
        if (!channelOf(*session).resume(*lastEventId, stream)) return jsonRpcErrorResponse(404, -32000, "Unknown Last-Event-ID");
    } else {
        if (session->stream && !session->stream->closed())
            return jsonRpcErrorResponse(409, -32000, "A GET stream is already open for this session");
        session->stream = stream;
        channelOf(*session).openGetStream(stream);
    }
    HttpResponse response = HttpResponse::text(200, "", "text/event-stream");
    response.headers.add("Cache-Control", "no-cache");
    response.stream = std::move(stream);
    return response;
}

HttpResponse StreamableHttpTransport::remove(const HttpRequest& request, const AuthOutcome& auth) {
    requireWaitingAllowed();  // ending the session waits for its lock
    std::optional<HttpResponse> error;
    auto session = findSession(request, auth, error);
    if (!session) return *error;
    context_.sessions.remove(session->id);
    endSession(*session, OutboundQueue::CloseReason::Deleted);
    context_.logger.information("session closed: streamable-http id=%s (DELETE)", session->id.substr(0, 8));
    HttpResponse noContent;
    noContent.status = 204;
    return noContent;
}

}  // namespace mcp::server
