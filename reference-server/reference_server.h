// ReferenceServer: the assembled server — listening socket, POCO TCPServer worker
// pool, HTTP connections, stream hub, sessions and the idle-session sweeper.
// Used by main.cpp and, in process on port 0, by the integration tests.
//
//   ReferenceServer server(config);     // config.port = 0 for a free port
//   server.start();
//   connect(server.baseUrl() + "/sse");
//   server.stop();                      // also done by the destructor
#pragma once

#include "reference-server/http_connection.h"
#include "reference-server/mcp_http_handler.h"
#include "reference-server/server_context.h"
#include "reference-server/stream_hub.h"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace mcp::server {

class ReferenceServer {
public:
    explicit ReferenceServer(ServerConfig config);
    ~ReferenceServer();

    // Binds and starts serving; throws Poco::Exception when the address is unusable.
    void start();
    // Stops accepting, closes every stream and connection, and waits for workers.
    void stop();

    int port() const { return port_; }
    const std::string& baseUrl() const { return context_->baseUrl; }
    ServerContext& context() { return *context_; }
    std::size_t openStreams() const { return hub_.streamCount(); }

private:
    void sweepIdleSessions();

    ServerConfig config_;
    int port_ = 0;
    std::unique_ptr<ServerContext> context_;
    std::unique_ptr<HttpHandler> handler_;   // McpHttpHandler, wrapped by fault decorators when asked
    StreamHub hub_;
    Poco::ThreadPool pool_;
    HttpConnectionFactory* factory_ = nullptr;  // owned by server_
    std::unique_ptr<Poco::Net::TCPServer> server_;
    std::mutex sweepMutex_;
    std::condition_variable sweepWake_;
    bool stopping_ = false;
    std::thread sweeper_;
};

}  // namespace mcp::server
