// HttpListener: every HTTP connection of the server, on one ConnectionLoop. It accepts on the
// listening socket, enforces the connection limit (closing the longest-idle keep-alive
// connection to make room, refusing only when nothing is idle), and keeps what connections
// report: their states (metrics gauges), the idle order, and refusals, each logged once with
// its reason (rate-limited per reason, with a count of what was not printed) and counted.
// Complete requests go to the dispatcher, which answers at once or later on any thread, exactly once.
//
//   HttpListener listener(loop, settings, dispatcher, metrics, logger);
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
#include <list>
#include <optional>
#include <string>

namespace mcp::server {

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

class HttpListener {
public:
    HttpListener(ConnectionLoop& loop, ConnectionSettings settings, RequestDispatcher dispatcher,
                 ServerMetrics& metrics, Poco::Logger& logger, const TlsServerContext* tls = nullptr);
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
    std::size_t connectionCount() const { return connections_; }

    // For InboundConnection (loop thread).
    ConnectionLoop& loop() { return loop_; }
    const ConnectionSettings& settings() const { return settings_; }
    ServerMetrics& metrics() { return metrics_; }
    Poco::Logger& logger() { return logger_; }
    std::optional<HttpResponse> dispatch(HttpRequest request, const PeerInfo& peer, Responder respond);
    void changeState(InboundConnection& connection, ConnectionState from, ConnectionState to);
    void connectionGone(InboundConnection& connection);
    // Counts a refusal and logs it once (at most kLogsPerSecond lines per reason per second).
    void refuse(Refusal refusal, const std::string& detail);
    // Logs an error answer of the handler (4xx/5xx), rate-limited like refusals.
    void logErrorAnswer(int status, const std::string& method, const std::string& path);

    static constexpr int kLogsPerSecond = 20;

private:
    friend class InboundConnection;
    class Acceptor;
    void acceptReady();
    // Makes room for one more connection; false when nothing idle can be closed.
    bool makeRoom();
    bool rateLimitedLog(std::size_t bucket);

    ConnectionLoop& loop_;
    const ConnectionSettings settings_;
    RequestDispatcher dispatcher_;
    ServerMetrics& metrics_;
    Poco::Logger& logger_;
    const TlsServerContext* tls_;
    LoopKey acceptorKey_;
    int reserveFd_ = -1;  // given up to accept-and-close when descriptors run out
    std::size_t connections_ = 0;
    std::list<InboundConnection*> idle_;  // longest-idle first
    struct LogBucket {
        LoopTime windowStart{};
        int printed = 0;
        std::uint64_t suppressed = 0;
    };
    std::array<LogBucket, static_cast<std::size_t>(Refusal::Count_) + 1> logBuckets_{};
};

}  // namespace mcp::server
