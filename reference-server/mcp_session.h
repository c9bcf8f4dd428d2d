// McpSession and SessionChannel: the per-session state of the MCP method layer, and the
// small interface through which that layer reaches the client without knowing HTTP.
//
// A transport gives every session a SessionChannel. McpServer::handle() answers most
// requests at once; a request it answers later (a tool that waits for a timer, or for the
// client's answer to a server-to-client request such as sampling/createMessage) is
// finished through the channel. Nothing ever blocks a thread: waiting is a timer
// (after()) or a continuation that runs when the client's response is handled.
//
//   class MyChannel : public SessionChannel {            // one per session, owned by the transport
//       void send(std::string json, const std::optional<JsonRpcId>& relatedTo) override;
//           // a notification or server-to-client request; relatedTo = the client request it
//           // belongs to (Streamable HTTP sends it on that request's stream), nullopt = none
//       void finish(const JsonRpcId& id, std::optional<std::string> response) override;
//           // client request `id` is done: its response (nullopt: none is due, e.g. cancelled)
//       void after(std::chrono::milliseconds delay, std::function<void()> work) override;
//           // run `work` later, serialized with handle() calls of this session
//       void disconnect(const JsonRpcId& id, std::chrono::milliseconds retry) override;   // SSE polling
//       void close() override;   // the session ended
//       bool owesEvents() const override;   // a stream still has events to deliver
//   };
//   session.channel = std::make_shared<MyChannel>(...);
//   McpReply reply = server.handle(message, session);    // under the session's lock
//   if (reply.response) sendNow(serialize(*reply.response));
//   // reply.deferred: the response arrives later through channel->finish(id, ...)
#pragma once

#include "protocol/json_rpc.h"
#include "protocol/protocol_version.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace mcp::server {

class ToolCall;

class SessionChannel {
public:
    virtual ~SessionChannel() = default;
    // Sends a notification or a server-to-client request (JSON text of one message).
    virtual void send(std::string json, const std::optional<JsonRpcId>& relatedTo) = 0;
    // Ends client request `id` with its response, or with none (cancelled).
    virtual void finish(const JsonRpcId& id, std::optional<std::string> response) = 0;
    // Runs `work` once, no sooner than `delay` from now, with the session serialized as for
    // handle(); never runs once the session has ended.
    virtual void after(std::chrono::milliseconds delay, std::function<void()> work) = 0;
    // Ends the connection that carries request `relatedTo`'s messages without ending the
    // request: the client comes back with Last-Event-ID after `retry` and gets the rest
    // (SSE polling, SEP-1699). A transport that cannot resume ignores it.
    virtual void disconnect(const JsonRpcId& relatedTo, std::chrono::milliseconds retry) = 0;
    // The session ended (DELETE, expiry, shutdown): end every stream still open.
    virtual void close() = 0;
    // True while a stream of the session holds events its client has not received yet (or a
    // producer has more to make), or a request's stream waits for its answer: ending the
    // session now would lose them.
    virtual bool owesEvents() const = 0;
};

// Per-session MCP state. Guarded by the owner (one message at a time per session).
struct McpSession {
    std::string authorization{};          // the Authorization value the session was opened with
    std::optional<Revision> revision{};   // set once initialize succeeded
    bool clientInitialized = false;       // notifications/initialized seen
    int minLogLevel = 0;                  // index into the eight syslog levels
    Poco::JSON::Object::Ptr clientCapabilities{}; // from initialize; null before
    std::shared_ptr<SessionChannel> channel{};    // how deferred messages reach the client

    // Deferred work, bounded by McpServer::kMaxPendingPerSession.
    std::map<JsonRpcId, std::shared_ptr<ToolCall>> callsInFlight{}; // client requests not answered yet
    std::map<JsonRpcId, std::function<void(const JsonRpcMessage&)>> awaitingClient{};  // our requests, by id
    std::int64_t nextRequestId = 1;       // ids of server-to-client requests
    std::set<std::string> subscriptions{};  // resources/subscribe URIs
    std::set<std::string> toggledTools{};   // tools this session added or removed (TL-14 fixture)

    // True while ending the session would lose work: a tool call in flight, a request to the
    // client awaiting its answer, or events a stream still owes the client.
    bool owesWork() const {
        return !callsInFlight.empty() || !awaitingClient.empty() || (channel && channel->owesEvents());
    }
};

}  // namespace mcp::server
