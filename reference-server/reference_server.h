// ReferenceServer: the assembled server. One ConnectionLoop thread owns every socket, from
// accept to close (HttpListener, InboundConnection). A request whose body is at most
// kInlineBodyLimit is answered on the loop thread itself when the handler can do so without
// waiting (McpHttpHandler::handleWithoutWaiting: its session's lock is free, it neither opens
// nor ends a session); every other request goes to a fixed WorkerPool, which never waits on a
// socket (503 when its queue is full). A once-a-second housekeeping tick on the loop expires
// idle sessions and gives freed memory back to the system.
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
    // Runs `task` on the event loop thread and waits for it (a fence: everything the loop had
    // already been told has been handled). False if the loop did not run it within 10 s.
    bool onLoop(std::function<void()> task);
    // Expires idle sessions and trims memory now, on the loop (as the once-a-second tick does).
    bool housekeepNow() { return onLoop([this] { housekeep(); }); }

    // Larger bodies cost the loop too long to parse and handle (every other client waits
    // meanwhile): they go to a worker. The JSON-RPC decoder's fast path takes up to 4 KiB.
    static constexpr std::size_t kInlineBodyLimit = 4 * 1024;

private:
    class Housekeeping;
    std::optional<HttpResponse> dispatch(HttpRequest request, const PeerInfo& peer, Responder respond);
    void housekeep();

    ServerConfig config_;
    const LoopClock& clock_;
    int port_ = 0;
    std::unique_ptr<ServerContext> context_;
    std::unique_ptr<HttpHandler> handler_;   // McpHttpHandler, wrapped by fault decorators when asked
    std::unique_ptr<TlsServerContext> tls_;
    std::unique_ptr<WorkerPool> workers_;
    std::unique_ptr<ConnectionLoop> loop_;
    std::unique_ptr<HttpListener> listener_;  // destroyed before the loop it runs on
    std::thread loopThread_;
    bool running_ = false;
};

}  // namespace mcp::server
