// Helpers shared by both transports: error bodies, SSE message events, media types,
// and reading a JSON-RPC POST body.
#include "reference-server/server_context.h"

#include "reference-server/conformance_fixtures.h"
#include "reference-server/fault_decorators.h"
#include "reference-server/reference_tools.h"

#include "protocol/bearer.h"

#include <algorithm>
#include <cctype>

namespace mcp::server {

namespace {

McpCatalog catalogFor(const ServerConfig& config) {
    McpCatalog catalog = referenceCatalog();
    if (config.conformanceFixtures) catalog.add(conformanceFixtures());
    return catalog;
}

std::unique_ptr<Authenticator> authenticatorFor(const ServerConfig& config, const std::string& baseUrl) {
    if (config.noAuth) return std::make_unique<OpenGate>();
    return std::make_unique<AuthGate>(config, baseUrl);
}

}  // namespace

ServerContext::ServerContext(const ServerConfig& cfg, std::string base, const LoopClock& clock)
    : config(cfg),
      baseUrl(std::move(base)),
      auth(withAuthFaults(authenticatorFor(cfg, baseUrl), cfg.faults)),
      sessions(cfg.maxSessions, cfg.maxSessionsPerToken, sessionIdsFor(cfg.faults), clock),
      server(catalogFor(cfg), cfg.clientRequestTimeout),
      mcp(&server),
      encodeEvent(eventEncoderFor(cfg.faults)),
      logger(Poco::Logger::get("mcp-reference-server")),
      faultFilter_(withMessageFaults(server, cfg.faults)) {
    if (faultFilter_) mcp = faultFilter_.get();
}

ServerContext::~ServerContext() { timers.stop(); }

namespace {
thread_local bool noWaiting = false;
}

NoWaitingScope::NoWaitingScope() : outer_(noWaiting) { noWaiting = true; }
NoWaitingScope::~NoWaitingScope() { noWaiting = outer_; }

std::unique_lock<std::mutex> lockSession(Session& session) {
    if (!noWaiting) return std::unique_lock(session.mutex);
    std::unique_lock lock(session.mutex, std::try_to_lock);
    if (!lock.owns_lock()) throw WouldWait{};
    return lock;
}

void requireWaitingAllowed() {
    if (noWaiting) throw WouldWait{};
}

namespace {
// endSession's work, with the session's lock held.
void endLocked(Session& session, OutboundQueue::CloseReason reason) {
    session.ended = true;
    if (session.stream) session.stream->close(reason);  // first: the session's own reason wins
    if (session.mcp.channel) session.mcp.channel->close();
}
}  // namespace

void endSession(Session& session, OutboundQueue::CloseReason reason) {
    std::lock_guard lock(session.mutex);
    endLocked(session, reason);
}

void endSession(RemovedSession& removed, OutboundQueue::CloseReason reason) {
    if (!removed.lock.owns_lock()) removed.lock = std::unique_lock(removed.session->mutex);
    endLocked(*removed.session, reason);
    removed.lock.unlock();
}

void runLater(ServerContext& context, const std::weak_ptr<Session>& session, std::chrono::milliseconds delay,
              std::function<void()> work) {
    context.timers.schedule(delay, [session, work = std::move(work)] {
        auto alive = session.lock();
        if (!alive) return;
        std::lock_guard lock(alive->mutex);
        if (!alive->ended) work();
    });
}

std::shared_ptr<OutboundQueue> newStreamQueue(ServerContext& context, std::string label,
                                              OutboundQueue::CloseHandler onClose) {
    auto queue = std::make_shared<OutboundQueue>(context.config.maxQueuedBytesPerSession, &context.metrics.queuedBytes());
    queue->onClose([&context, label = std::move(label), onClose = std::move(onClose)](OutboundQueue::CloseReason why) {
        context.metrics.streamClosed(why);
        using R = OutboundQueue::CloseReason;
        if (why == R::ReaderTooSlow || why == R::WriteStalled || why == R::ProducerFailed)
            context.logger.notice("stream dropped: %s (%s)", label, std::string(toString(why)));
        if (onClose) onClose(why);
    });
    return queue;
}

std::shared_ptr<Session> admitSession(ServerContext& context, SessionAdmission admission, const std::string& token,
                                      std::optional<HttpResponse>& refusal) {
    for (auto& evicted : admission.evicted) {
        const Session& session = *evicted.session;
        bool perToken = evicted.limit == SessionLimit::PerToken;
        context.metrics.sessionEvicted(perToken);
        context.logger.notice("session evicted: id=%s token=%s (%s)", session.id.substr(0, 8),
                              tokenFingerprint(session.token),
                              std::string(perToken ? "its token reached --max-sessions-per-token" : "--max-sessions reached"));
        endSession(evicted, OutboundQueue::CloseReason::Evicted);
    }
    if (admission.session) return std::move(admission.session);
    bool perToken = admission.refusedBy == SessionLimit::PerToken;
    refusal = perToken ? jsonRpcErrorResponse(429, -32000, "Too many sessions for this token, and each has work in progress: "
                                                           "end one (DELETE) or try again later")
                       : jsonRpcErrorResponse(503, -32000, "The server is at its session limit, and every session has work "
                                                           "in progress: try again later");
    refusal->headers.add("Retry-After", std::to_string(kSessionRetryAfterSeconds));
    std::string who = "new session of token " + tokenFingerprint(token);
    refusal->refusal = HttpResponse::CountedRefusal{
        perToken ? Refusal::SessionQuota : Refusal::SessionLimit,
        perToken ? who + ": every session of its token (--max-sessions-per-token " + std::to_string(context.config.maxSessionsPerToken) +
                       ") owes its client work"
                 : who + ": --max-sessions " + std::to_string(context.config.maxSessions) + " reached and every session owes its client work"};
    return nullptr;
}

HttpResponse jsonRpcErrorResponse(int status, int code, const std::string& message) {
    return HttpResponse::json(status, serialize(makeErrorResponse(std::nullopt, code, message)));
}

bool accepts(const HttpRequest& request, std::string_view type) {
    std::string_view major = type.substr(0, type.find('/') + 1);  // "text/" of "text/event-stream"
    for (const auto& field : request.headers) {
        if (!http1::equalsIgnoreCase(field.name, "Accept")) continue;
        for (auto element : http1::splitList(field.value)) {
            std::string_view media = http1::trimOws(element.substr(0, element.find(';')));
            bool majorWildcard = media.size() == major.size() + 1 && media.back() == '*' &&
                                 http1::equalsIgnoreCase(media.substr(0, major.size()), major);
            if (http1::equalsIgnoreCase(media, type) || majorWildcard || media == "*/*") return true;
        }
    }
    return false;
}

PostedMessages readPostedMessages(const HttpRequest& request, bool allowBatch) {
    PostedMessages out;
    auto contentType = request.headers.get("Content-Type");
    if (request.headers.count("Content-Type") != 1 || http1::mediaType(*contentType) != "application/json") {
        out.error = jsonRpcErrorResponse(415, kInvalidRequest, "Content-Type must be application/json");
        return out;
    }
    out.body = decodeJsonRpcBody(request.body);
    if (out.body.parseError) {
        out.error = jsonRpcErrorResponse(400, kParseError, "Parse error: " + out.body.parseErrorDetail);
    } else if (out.body.isBatch && !allowBatch) {
        out.error = jsonRpcErrorResponse(400, kInvalidRequest, "Batches are not supported in this protocol revision");
    } else if (out.body.emptyBatch) {
        out.error = jsonRpcErrorResponse(400, kInvalidRequest, "Invalid Request: empty batch");
    } else if (!out.body.isBatch && out.body.items.size() == 1 && out.body.items[0].error) {
        const auto& item = out.body.items[0];
        out.error = HttpResponse::json(400, serialize(makeErrorResponse(item.errorId, item.error->code, item.error->message)));
    }
    return out;
}

Replies dispatchMessages(ServerContext& context, const DecodedBody& body, McpSession& session) {
    Replies replies;
    for (const auto& item : body.items) {
        if (!item.message) {
            if (!item.errorIsForNotification)
                replies.messages.push_back(serialize(makeErrorResponse(item.errorId, item.error->code, item.error->message)));
            continue;
        }
        McpReply reply = context.mcp->handle(*item.message, session);
        if (reply.notifications) replies.notifications = std::move(reply.notifications);
        if (reply.response) replies.messages.push_back(serialize(*reply.response));
        if (reply.deferred) replies.deferred.push_back(*item.message->id);
    }
    return replies;
}

std::string joinReplies(const std::vector<std::string>& replies, bool batch) {
    if (!batch) return replies.empty() ? "" : replies.front();
    std::string array = "[";
    for (std::size_t i = 0; i < replies.size(); ++i) array += (i ? "," : "") + replies[i];
    return array + "]";
}

}  // namespace mcp::server
