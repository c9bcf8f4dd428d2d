// ServerContext: what the request handlers share: configuration, the authenticator,
// sessions, the MCP method layer, the SSE event encoder, timers, metrics and the logger. Owned by
// ReferenceServer. The parts are the reference behaviour; `--fault` modes only wrap them
// in decorators (fault_decorators.h), chosen here from config.faults.
#pragma once

#include "reference-server/auth_gate.h"
#include "reference-server/mcp_server.h"
#include "reference-server/server_config.h"
#include "reference-server/server_metrics.h"
#include "reference-server/session_registry.h"
#include "reference-server/timer_queue.h"

#include "protocol/sse_encoder.h"

#include <Poco/Logger.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace mcp::server {

// Appends one SSE event's bytes (protocol/sse_encoder.h), or a fault's corruption of them, to
// `out`: a stream's producer serialises its events straight into the chunk it hands the socket.
using EventEncoder = std::function<void(std::string& out, const SseOutEvent&)>;

// One event's bytes on their own, for a single push.
inline std::string encodedEvent(const EventEncoder& encode, const SseOutEvent& event) {
    std::string out;
    encode(out, event);
    return out;
}

struct ServerContext {
    // `clock` drives session idleness (tests pass a ManualClock).
    ServerContext(const ServerConfig& cfg, std::string base, const LoopClock& clock = steadyLoopClock());
    ~ServerContext();

    const ServerConfig config;
    const std::string baseUrl;   // e.g. http://127.0.0.1:8787
    std::unique_ptr<Authenticator> auth;
    SessionRegistry sessions;
    McpServer server;            // the reference method layer
    McpHandler* mcp;             // `server`, or a fault filter around it
    EventEncoder encodeEvent;
    TimerQueue timers;           // deferred tool work (SessionChannel::after)
    ServerMetrics metrics;
    Poco::Logger& logger;

private:
    std::unique_ptr<McpHandler> faultFilter_;
};

// Handling without waiting (HttpHandler::handleWithoutWaiting): while a NoWaitingScope is
// alive on a thread, lockSession() takes a session's lock only if it is free and otherwise
// throws WouldWait, as requireWaitingAllowed() does; a transport calls them before it changes
// anything, so the request can be handed to a thread that may wait.
struct WouldWait {};
class NoWaitingScope {
public:
    NoWaitingScope();
    ~NoWaitingScope();
    NoWaitingScope(const NoWaitingScope&) = delete;
    NoWaitingScope& operator=(const NoWaitingScope&) = delete;

private:
    bool outer_;
};
std::unique_lock<std::mutex> lockSession(Session& session);
// Throws WouldWait under a NoWaitingScope: for work that takes a session's lock in the blocking
// way (DELETE ends its session). Opening a session needs no such guard: a session evicted to
// make room comes with its lock already held (RemovedSession).
void requireWaitingAllowed();

// Ends a session removed from the registry: no more deferred work, its streams close (for
// `reason`, which the stream's close handler counts and logs).
void endSession(Session& session, OutboundQueue::CloseReason reason);
// The same for a session the registry removed with its lock held (eviction, expiry): never
// waits. The lock is released on return.
void endSession(RemovedSession& removed, OutboundQueue::CloseReason reason);
// Runs `work` on the timer thread after `delay`, under the session's lock, unless it ended.
void runLater(ServerContext& context, const std::weak_ptr<Session>& session, std::chrono::milliseconds delay,
              std::function<void()> work);
// A new event stream of the per-session queue limit. When it ends early (a slow reader, a
// stalled socket, a failing producer, eviction, expiry) that is counted and logged with
// `label` (e.g. "legacy-sse id=1a2b3c4d"); `onClose` runs too, whatever the reason.
std::shared_ptr<OutboundQueue> newStreamQueue(ServerContext& context, std::string label,
                                              OutboundQueue::CloseHandler onClose = {});
// Ends the sessions the registry evicted to admit a new one (closes their streams, logs and
// counts each), and returns the new session; when it was refused, sets `refusal` to the answer:
// 429 (the token's quota) or 503 (the server-wide limit) with a JSON-RPC error and Retry-After.
constexpr int kSessionRetryAfterSeconds = 5;
std::shared_ptr<Session> admitSession(ServerContext& context, SessionAdmission admission, const std::string& token,
                                      std::optional<HttpResponse>& refusal);

// A JSON-RPC error body with a null id, for HTTP-level refusals.
HttpResponse jsonRpcErrorResponse(int status, int code, const std::string& message);
// True when an Accept header admits `type` (exact, type/*, or */*).
bool accepts(const HttpRequest& request, std::string_view type);

// Reads a POST body into messages, or says which HTTP error to answer with
// (415 wrong media type, 400 with -32700 / -32600, batches only when allowed).
struct PostedMessages {
    std::optional<HttpResponse> error;
    DecodedBody body;
};
PostedMessages readPostedMessages(const HttpRequest& request, bool allowBatch);

// Runs every message of a body through the MCP layer: the serialized replies (errors for
// invalid elements that were not notifications), the ids of requests answered later
// through the session's channel, and the notification sequence, if any.
struct Replies {
    std::vector<std::string> messages;
    std::vector<JsonRpcId> deferred;
    std::shared_ptr<MessageSequence> notifications;
};
Replies dispatchMessages(ServerContext& context, const DecodedBody& body, McpSession& session);
// The replies as one JSON text: the single reply, or an array for a batch.
std::string joinReplies(const std::vector<std::string>& replies, bool batch);

}  // namespace mcp::server
