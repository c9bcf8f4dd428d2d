// Legacy HTTP+SSE: stream opening and message POSTs.
#include "reference-server/legacy_sse_transport.h"

#include "protocol/bearer.h"

namespace mcp::server {
namespace {

// Every message of a legacy session travels on its one stream as `event: message`.
class LegacyChannel : public SessionChannel {
public:
    LegacyChannel(ServerContext& context, std::weak_ptr<Session> session, std::shared_ptr<OutboundQueue> stream)
        : context_(context), session_(std::move(session)), stream_(std::move(stream)) {}

    void send(std::string json, const std::optional<JsonRpcId>&) override { push(json); }
    void finish(const JsonRpcId&, std::optional<std::string> response) override {
        if (response) push(*response);
    }
    void after(std::chrono::milliseconds delay, std::function<void()> work) override {
        runLater(context_, session_, delay, std::move(work));
    }
    void disconnect(const JsonRpcId&, std::chrono::milliseconds) override {}  // the stream is the session
    void close() override {}  // endSession closes the session's stream, with its reason
    bool owesEvents() const override { return stream_->owesBytes(); }

private:
    void push(std::string_view json) { stream_->push(encodedEvent(context_.encodeEvent, {.event = "message", .data = json})); }

    ServerContext& context_;
    std::weak_ptr<Session> session_;
    std::shared_ptr<OutboundQueue> stream_;
};

}  // namespace

OutboundQueue::Producer legacySequenceProducer(EventEncoder encodeEvent, std::shared_ptr<MessageSequence> sequence,
                                               std::string finalEvent) {
    return [encodeEvent = std::move(encodeEvent), sequence = std::move(sequence), finalEvent = std::move(finalEvent),
            done = false](std::string& out) mutable {
        std::string json;
        while (out.size() < OutboundQueue::kProducerChunk) {
            json.clear();
            if (!sequence->next(json)) {
                if (!done) out += finalEvent;
                done = true;
                return false;
            }
            encodeEvent(out, {.event = "message", .data = json});
        }
        return true;
    };
}

HttpResponse LegacySseTransport::openStream(const HttpRequest&, const AuthOutcome& auth) {
    // T-SSE-17: the id is always the server's own; a client-supplied one is ignored.
    std::optional<HttpResponse> refusal;
    auto session = admitSession(context_, context_.sessions.create(TransportKind::LegacySse, auth.token, auth.authorization),
                                auth.token, refusal);
    if (!session) return *refusal;
    const std::string& id = session->id;
    // The stream is the session: when it ends, for whatever reason, so does the session (LC-15).
    // The handler holds only a weak reference (it lives as long as every idle session): whatever
    // drops a session closes its stream first, so the session is still there when this runs.
    auto stream = newStreamQueue(
        context_, "legacy-sse id=" + id.substr(0, 8),
        [&context = context_, weak = std::weak_ptr<Session>(session)](OutboundQueue::CloseReason why) {
            auto ended = weak.lock();
            if (!ended) return;
            context.sessions.remove(ended->id);
            ended->ended = true;  // atomic: whoever closes may hold the session's lock
            context.logger.information("session closed: legacy-sse id=%s token=%s (%s)", ended->id.substr(0, 8),
                                       tokenFingerprint(ended->token), std::string(toString(why)));
        });
    {
        std::lock_guard lock(session->mutex);
        session->stream = stream;
        session->mcp.channel = std::make_shared<LegacyChannel>(context_, session, stream);
    }
    stream->push(encodedEvent(context_.encodeEvent, {.event = "endpoint", .data = "/sse/message?sessionId=" + id}));
    context_.logger.information("session opened: legacy-sse id=%s token=%s", id.substr(0, 8), tokenFingerprint(auth.token));

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

    auto lock = lockSession(*session);
    bool batches = session->mcp.revision && allowsBatches(*session->mcp.revision);
    PostedMessages posted = readPostedMessages(request, batches);
    if (posted.error) return *posted.error;

    Replies dispatched = dispatchMessages(context_, posted.body, session->mcp);
    std::vector<std::string> replies = std::move(dispatched.messages);
    std::shared_ptr<MessageSequence> sequence = std::move(dispatched.notifications);
    if (posted.body.isBatch && replies.size() > 1) replies = {joinReplies(replies, true)};

    // Every reply is queued on the stream; a streamed call's notifications and reply are produced
    // lazily, after those of calls still streaming (never replacing them). A reply that does not
    // fit closes the stream, which ends the session with a logged reason.
    if (sequence) {
        std::string finalEvent =
            replies.empty() ? "" : encodedEvent(context_.encodeEvent, {.event = "message", .data = replies.back()});
        if (!replies.empty()) replies.pop_back();
        for (auto& r : replies) session->mcp.channel->send(std::move(r), std::nullopt);
        session->stream->addProducer(legacySequenceProducer(context_.encodeEvent, std::move(sequence), std::move(finalEvent)));
    } else {
        for (auto& r : replies) session->mcp.channel->send(std::move(r), std::nullopt);
    }
    if (session->stream->closed()) return jsonRpcErrorResponse(404, -32001, "Session stream closed");
    return HttpResponse::text(202, "Accepted");
}

}  // namespace mcp::server
