// Legacy HTTP+SSE: stream opening and message POSTs.
#include "reference-server/legacy_sse_transport.h"

#include "protocol/bearer.h"

namespace mcp::server {
namespace {

// Every message of a legacy session travels on its one stream as `event: message`.
class LegacyChannel : public SessionChannel {
public:
    LegacyChannel(ServerContext& context, std::weak_ptr<Session> session, std::shared_ptr<OutboundStream> stream)
        : context_(context), session_(std::move(session)), stream_(std::move(stream)) {}

    void send(std::string json, const std::optional<JsonRpcId>&) override { push(json); }
    void finish(const JsonRpcId&, std::optional<std::string> response) override {
        if (response) push(*response);
    }
    void after(std::chrono::milliseconds delay, std::function<void()> work) override {
        runLater(context_, session_, delay, std::move(work));
    }
    void disconnect(const JsonRpcId&, std::chrono::milliseconds) override {}  // the stream is the session
    void close() override { stream_->close(); }

private:
    void push(std::string_view json) { stream_->push(context_.encodeEvent({.event = "message", .data = json})); }

    ServerContext& context_;
    std::weak_ptr<Session> session_;
    std::shared_ptr<OutboundStream> stream_;
};

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
            out += context.encodeEvent({.event = "message", .data = json});
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
    {
        std::lock_guard lock(session->mutex);
        session->mcp.channel = std::make_shared<LegacyChannel>(context_, session, stream);
    }
    stream->push(context_.encodeEvent({.event = "endpoint", .data = "/sse/message?sessionId=" + session->id}));

    std::string id = session->id;
    std::string fingerprint = tokenFingerprint(auth.token);
    context_.logger.information("session opened: legacy-sse id=%s token=%s", id.substr(0, 8), fingerprint);
    stream->onClose([&context = context_, id, fingerprint, weak = std::weak_ptr<Session>(session)] {
        context.sessions.remove(id);
        if (auto ended = weak.lock()) {
            std::lock_guard lock(ended->mutex);
            ended->ended = true;
        }
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
    PostedMessages posted = readPostedMessages(request, batches);
    if (posted.error) return *posted.error;

    Replies dispatched = dispatchMessages(context_, posted.body, session->mcp);
    std::vector<std::string> replies = std::move(dispatched.messages);
    std::shared_ptr<MessageSequence> sequence = std::move(dispatched.notifications);
    if (posted.body.isBatch && replies.size() > 1) replies = {joinReplies(replies, true)};

    if (sequence) {
        std::string finalEvent = replies.empty() ? "" : context_.encodeEvent({.event = "message", .data = replies.back()});
        if (!replies.empty()) replies.pop_back();
        for (auto& r : replies) session->mcp.channel->send(std::move(r), std::nullopt);
        session->stream->setProducer(sequenceProducer(context_, std::move(sequence), std::move(finalEvent)));
    } else {
        for (auto& r : replies) session->mcp.channel->send(std::move(r), std::nullopt);
    }
    // A reader too slow for its queue was disconnected: the replies are lost with it.
    if (session->stream->closed()) return jsonRpcErrorResponse(404, -32001, "Session stream closed");
    return HttpResponse::text(202, "Accepted");
}

}  // namespace mcp::server
