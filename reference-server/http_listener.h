// HttpListener: the HTTP connections of one ConnectionLoop. It accepts on its listening
// socket, enforces the connection limit (closing the longest-idle keep-alive connection to
// make room, refusing only when nothing is idle), and keeps what connections report: their
// states (metrics gauges), the idle order, and refusals, each logged once with its reason
// (rate-limited per reason, with a count of what was not printed) and counted.
// Complete requests go to the dispatcher, which answers at once or later on any thread, exactly once.
//
// A server with several event loops has one listener per loop, each with its own listening
// socket on the same port (SO_REUSEPORT: the kernel spreads new connections over them by a
// hash of the client's address and port), and one ListenerGroup that they share: the count
// of open connections that maxConnections limits, and the refusal log. A connection is
// counted before it is admitted, so loops admitting at the same time cannot pass the limit
// together. Making room is per loop first: a loop at the limit closes its own longest-idle
// keep-alive connection (so "longest idle" is per loop, not global). When none of its own is
// idle, it asks the loop with the most idle connections not yet claimed to close its
// longest-idle one (a posted task) and admits the new connection at once: for that moment the
// count passes the limit by the evictions in flight, each matched by an idle connection that
// its loop closes in its next iteration (the descriptor reserve covers this; if that
// connection became busy meanwhile, the count comes back under the limit as connections
// close). Only when no loop has an idle connection is the new one refused.
//
//   ListenerGroup group(metrics, logger, clock);            // optional: one per server
//   HttpListener listener(loop, settings, dispatcher, metrics, logger, nullptr, &group);
//   listener.listen(listeningFd);               // or adopt(fd) for a connected socket
//   loop.run();
#pragma once

#include "protocol/http1/message_parser.h"
#include "reference-server/connection_loop.h"
#include "reference-server/http_message.h"
#include "reference-server/server_metrics.h"
#include "reference-server/socket_transport.h"

#include <Poco/Logger.h>

#include <array>
#include <chrono>
#include <functional>
#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mcp::server {

class HttpListener;
class InboundConnection;

struct ConnectionSettings {
    http1::Limits http;
    std::chrono::milliseconds tlsHandshakeTimeout{10000};
    std::chrono::milliseconds headTimeout{10000};     // first byte of a request -> end of its head
    std::chrono::milliseconds requestTimeout{30000};  // first byte of a request -> end of its body
    std::chrono::milliseconds idleTimeout{30000};     // keep-alive connection without a request
    std::chrono::milliseconds writeStallTimeout{30000};  // output pending and none of it accepted
    std::chrono::milliseconds lingerTimeout{2000};    // after an error answer: draining the client's bytes
    std::chrono::milliseconds keepAliveInterval{15000};  // comment on an event stream that wrote nothing
    std::size_t maxConnections = 10000;
};

// Who is on the other end of a connection.
struct PeerInfo {
    bool loopback = false;
};

// Answers one request, either at once, on the loop thread, by returning the answer (then
// `respond` is never called), or later: it returns nullopt and calls `respond` exactly once,
// on any thread.
using Responder = std::function<void(HttpResponse)>;
using RequestDispatcher =
    std::function<std::optional<HttpResponse>(HttpRequest request, const PeerInfo& peer, Responder respond)>;

// What the listeners of one server share, whatever loop they run on (any thread).
class ListenerGroup {
public:
    ListenerGroup(ServerMetrics& metrics, Poco::Logger& logger, const LoopClock& clock)
        : metrics_(metrics), logger_(logger), clock_(clock) {}
    // Counts a refusal and logs it once (at most kLogsPerSecond lines per reason per second,
    // over all loops).
    void refuse(Refusal refusal, const std::string& detail);
    // Logs an error answer of the handler (4xx/5xx), rate-limited like refusals.
    void logErrorAnswer(int status, const std::string& method, const std::string& path);
    // Connections open on every loop of the group.
    std::size_t openConnections() const { return open_.load(std::memory_order_relaxed); }

    static constexpr int kLogsPerSecond = 20;

private:
    friend class HttpListener;
    bool rateLimitedLog(std::size_t bucket);

    ServerMetrics& metrics_;
    Poco::Logger& logger_;
    const LoopClock& clock_;
    std::atomic<std::size_t> open_{0};
    // Every listener of the group; changed only while no loop runs (construction, destruction).
    std::vector<HttpListener*> members_;
    std::mutex logMutex_;
    struct LogBucket {
        LoopTime windowStart{};
        int printed = 0;
        std::uint64_t suppressed = 0;
    };
    std::array<LogBucket, static_cast<std::size_t>(Refusal::Count_) + 1> logBuckets_{};
};

class HttpListener {
public:
    // Without a `group`, the listener has one of its own (a server with one loop, tests).
    HttpListener(ConnectionLoop& loop, ConnectionSettings settings, RequestDispatcher dispatcher,
                 ServerMetrics& metrics, Poco::Logger& logger, const TlsServerContext* tls = nullptr,
                 ListenerGroup* group = nullptr);
    ~HttpListener();
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;

    // Loop thread (or before the loop runs). Watches a bound, listening socket; it is made
    // non-blocking and closed with the listener. False (logged) when epoll refuses it.
    bool listen(int listeningFd);
    // Serves a connected socket (made non-blocking); the key of its connection, or invalid.
    LoopKey adopt(int fd, PeerInfo peer);
    // Closes the listening socket; open connections go on.
    void stopAccepting();
    // Connections of this listener's loop (loop thread).
    std::size_t connectionCount() const { return connections_; }

    // For InboundConnection (loop thread).
    ConnectionLoop& loop() { return loop_; }
    const ConnectionSettings& settings() const { return settings_; }
    ServerMetrics& metrics() { return metrics_; }
    Poco::Logger& logger() { return logger_; }
    std::optional<HttpResponse> dispatch(HttpRequest request, const PeerInfo& peer, Responder respond);
    void changeState(InboundConnection& connection, ConnectionState from, ConnectionState to);
    void connectionGone(InboundConnection& connection);
    // The group's refusal log (see ListenerGroup).
    void refuse(Refusal refusal, const std::string& detail) { group_->refuse(refusal, detail); }
    void logErrorAnswer(int status, const std::string& method, const std::string& path) {
        group_->logErrorAnswer(status, method, path);
    }

    static constexpr int kLogsPerSecond = ListenerGroup::kLogsPerSecond;

private:
    friend class InboundConnection;
    class Acceptor;
    void acceptReady();
    // Makes room for one more connection; false when nothing idle can be closed.
    bool makeRoom();
    // Asks the loop of the group with the most unclaimed idle connections to close its
    // longest-idle one; false when no other loop has one.
    bool askAnotherLoopToMakeRoom();

    ConnectionLoop& loop_;
    const ConnectionSettings settings_;
    RequestDispatcher dispatcher_;
    ServerMetrics& metrics_;
    Poco::Logger& logger_;
    const TlsServerContext* tls_;
    std::unique_ptr<ListenerGroup> ownGroup_;
    ListenerGroup* group_;
    LoopKey acceptorKey_;
    int reserveFd_ = -1;  // given up to accept-and-close when descriptors run out
    std::size_t connections_ = 0;
    std::list<InboundConnection*> idle_;  // longest-idle first
    // Read by the other loops of the group: idle_.size(), and the evictions they asked for.
    std::atomic<std::size_t> idleCount_{0};
    std::atomic<std::size_t> evictionsOwed_{0};
};

}  // namespace mcp::server
