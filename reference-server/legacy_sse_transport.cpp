// Legacy HTTP+SSE: stream opening and message POSTs.
#include "reference-server/legacy_sse_transport.h"

#include "protocol/bearer.h"
#include "protocol/sse_encoder.h"

namespace mcp::server {
namespace {

// Streams the sequence's messages, then the final reply, as the socket takes them.
OutboundStream::Producer sequenceProducer(const ServerContext& context, std::shared_ptr<MessageSequence> sequence,
                                          std::string finalEvent) {
    return [&context, sequence = std::move(sequence), finalEvent = std::move(finalEvent),
            done = false](std::string& out) mutable {
        std::string json;
        while (out.size() < 64 * 1024) {
            json.clear();
            if (!sequence->next(json)) {
                if (!done) out += finalEvent;
                done = true;
                return false;
            }
            out += encodeMessageEvent(context, json, "message");
        }
        return true;
    };
}

}  // namespace

HttpResponse LegacySseTransport::openStream(const HttpRequest&, const AuthOutcome& auth) {
    auto stream = std::make_shared<OutboundStream>(context_.config.maxQueuedBytesPerSession);
    // T-SSE-17: the id is always the server's own; a client-supplied one is ignored.
    auto session = context_.sessions.create(TransportKind::LegacySse, auth.token, auth.authorization, stream);
    if (!session) return jsonRpcErrorResponse(503, -32000, "Too many sessions");
    std::string endpoint = "/sse/message?sessionId=" + session->id;
    bool hideEndpoint = context_.config.faults.has(Fault::LegacyNoEndpointEvent);
    stream->push(encodeMessageEvent(context_, endpoint, hideEndpoint ? "" : "endpoint"));

    std::string id = session->id;
    std::string fingerprint = tokenFingerprint(auth.token);
    context_.logger.information("session opened: legacy-sse id=%s token=%s", id.substr(0, 8), fingerprint);
    stream->onClose([&context = context_, id, fingerprint] {
        context.sessions.remove(id);
        context.logger.information("session closed: legacy-sse id=%s token=%s", id.substr(0, 8), fingerprint);
    });

    HttpResponse response;
    response.headers.add("Content-Type", "text/event-stream");
    response.headers.add("Cache-Control", "no-cache");
    response.headers.add("X-Accel-Buffering", "no");
    response.stream = std::move(stream);
    return response;
}

HttpResponse LegacySseTransport::postMessage(const HttpRequest& request, const AuthOutcome& auth) {
    auto sessionId = request.queryParam("sessionId");
    if (!sessionId || sessionId->empty())
        return jsonRpcErrorResponse(400, -32000, "Missing sessionId: open GET /sse first and POST to its endpoint");
    auto session = context_.sessions.find(*sessionId, auth.token);
    // A Streamable HTTP session id is not a legacy endpoint: it has no stream to answer on.
    if (!session || session->transport != TransportKind::LegacySse)
        return jsonRpcErrorResponse(404, -32001, "Session not found");

    std::lock_guard lock(session->mutex);
    bool batches = session->mcp.revision && allowsBatches(*session->mcp.revision);
    PostedMessages posted = readPostedMessages(context_, request, batches);
    if (posted.error) return *posted.error;

    Replies dispatched = dispatchMessages(context_, posted.body, session->mcp);
    std::vector<std::string> replies = std::move(dispatched.messages);
    std::shared_ptr<MessageSequence> sequence = std::move(dispatched.notifications);
    if (posted.body.isBatch && replies.size() > 1) replies = {joinReplies(replies, true)};

    if (context_.config.faults.has(Fault::LegacyReplyInPostBody))
        return HttpResponse::json(200, replies.empty() ? "" : replies.front());

    bool delivered = true;
    if (sequence) {
        std::string finalEvent = replies.empty() ? "" : encodeMessageEvent(context_, replies.back(), "message");
        if (!replies.empty()) replies.pop_back();
        for (const auto& r : replies) delivered &= session->stream->push(encodeMessageEvent(context_, r, "message"));
        delivered &= session->stream->setProducer(sequenceProducer(context_, std::move(sequence), std::move(finalEvent)));
    } else {
        for (const auto& r : replies) delivered &= session->stream->push(encodeMessageEvent(context_, r, "message"));
    }
    if (!delivered) return jsonRpcErrorResponse(404, -32001, "Session stream closed");
    return HttpResponse::text(202, "Accepted");
}

}  // namespace mcp::server
