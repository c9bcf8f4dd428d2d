// ReferenceServer: the assembled server. A fixed set of event loops (config.eventLoops, by
// default half the cores, at least one), each a ConnectionLoop thread with its own HttpListener, owns every
// socket from accept to close (InboundConnection). A request whose body is at most
// kInlineBodyLimit is answered on its loop's thread itself when the handler can do so without
// waiting (McpHttpHandler::handleWithoutWaiting: its session's lock is free and it is not a
// DELETE; opening a session evicts with the victim's lock already held); every other request
// goes to a fixed WorkerPool, which never waits on a socket (503 when its queue is full).
//
// - Spreading: each loop accepts on its own listening socket, all bound to the same port with
//   SO_REUSEPORT; the kernel picks the socket of each new connection by a hash of its
//   addresses and ports, so connections spread evenly without a hand-over between threads.
//   A connection stays on the loop that accepted it until it closes.
// - Limits: the loops share one ListenerGroup (http_listener.h): the connection count that
//   maxConnections bounds, and the rate-limited refusal log; a loop at the limit evicts its
//   own longest-idle connection, or asks another loop to evict one of its own.
// - Across loops: nothing in a connection is touched by another loop. A legacy session's POST
//   may arrive on another loop than its event stream: its handler (on that loop or a worker)
//   pushes the reply into the session's OutboundQueue, and the queue's waker posts to the
//   loop that owns the stream (LoopPoster, safe from any thread).
// - Metrics: the loops update the same ServerMetrics atomics, so /metrics shows the
//   connections (by state) of all loops summed.
// - Housekeeping: a once-a-second tick on the first loop expires idle sessions (the registry
//   is shared and locked; a session's streams are closed through their queues, whose wakers
//   reach the loops that own them) and gives freed memory back to the system.
// - Shutdown: every loop is stopped and joined before anything they own is touched.
// Used by main.cpp and, in process on port 0, by the integration tests.
//
//   ReferenceServer server(config);     // config.port = 0 for a free port
//   server.start();
//   connect(server.baseUrl() + "/sse");
//   server.stop();                      // also done by the destructor
#pragma once

#include "reference-server/connection_loop.h"
#include "reference-server/http_listener.h"
#include "reference-server/mcp_http_handler.h"
#include "reference-server/server_context.h"
#include "reference-server/socket_transport.h"
#include "reference-server/worker_pool.h"

#include <memory>
#include <thread>
#include <vector>

namespace mcp::server {

class ReferenceServer {
public:
    // `clock` drives every deadline and session idleness (tests pass a ManualClock).
    explicit ReferenceServer(ServerConfig config, const LoopClock& clock = steadyLoopClock());
    ~ReferenceServer();

    // Binds and starts serving; throws std::runtime_error when the address or the TLS files
    // are unusable.
    void start();
    // Stops accepting, ends every stream and session, closes every connection, joins threads.
    void stop();

    int port() const { return port_; }
    const std::string& baseUrl() const { return context_->baseUrl; }
    ServerContext& context() { return *context_; }
    std::size_t workerThreads() const { return workers_ ? workers_->threadCount() : 0; }
    std::size_t eventLoops() const { return loops_.size(); }
    // Half the cores, at least one. A second loop costs round trips a thread hand-off whenever a
    // legacy session's POST and its stream land on different loops, and the loops share the
    // cores with the workers (and, on a test machine, the client): on 2 cores one loop served
    // 0.75 of the ceiling's legacy calls/s against 0.56 for two, and opened 10,000 sessions as
    // fast (bench/README.md, "Current figures").
    static std::size_t defaultEventLoops();
    // Runs `task` on the first event loop's thread and waits for it, after every loop has
    // handled everything it had been told before the call (a fence). False if a loop did not
    // answer within 10 s.
    bool onLoop(std::function<void()> task);
    // The connections open on each loop (a fence on each); empty when not running.
    std::vector<std::size_t> connectionsPerLoop();
    // Expires idle sessions and trims memory now, on the loop (as the once-a-second tick does).
    bool housekeepNow() { return onLoop([this] { housekeep(); }); }

    // Larger bodies cost the loop too long to parse and handle (every other client waits
    // meanwhile): they go to a worker. The JSON-RPC decoder's fast path takes up to 4 KiB.
    static constexpr std::size_t kInlineBodyLimit = 4 * 1024;

private:
    class Housekeeping;
    // One event loop: its thread, and the listener of the connections it owns.
    struct EventLoop {
        std::unique_ptr<ConnectionLoop> loop;
        std::unique_ptr<HttpListener> listener;  // destroyed before the loop it runs on
        std::thread thread;
    };
    std::optional<HttpResponse> dispatch(HttpRequest request, const PeerInfo& peer, Responder respond);
    void housekeep();
    // Runs `task` on `loop`'s thread and waits for it (at most 10 s).
    bool runOn(ConnectionLoop& loop, std::function<void()> task);

    ServerConfig config_;
    const LoopClock& clock_;
    int port_ = 0;
    std::unique_ptr<ServerContext> context_;
    std::unique_ptr<HttpHandler> handler_;   // McpHttpHandler, wrapped by fault decorators when asked
    std::unique_ptr<TlsServerContext> tls_;
    std::unique_ptr<WorkerPool> workers_;
    std::unique_ptr<ListenerGroup> listeners_;
    std::vector<std::unique_ptr<EventLoop>> loops_;
    bool running_ = false;
};

}  // namespace mcp::server
