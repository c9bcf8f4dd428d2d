// Server assembly, start-up and orderly shutdown.
#include "reference-server/reference_server.h"

#include "reference-server/fault_decorators.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServerParams.h>

namespace mcp::server {

ReferenceServer::ReferenceServer(ServerConfig config)
    : config_(std::move(config)), hub_(config_.keepAliveInterval), pool_(2, config_.maxThreads, 60) {}

ReferenceServer::~ReferenceServer() { stop(); }

void ReferenceServer::start() {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(config_.host, static_cast<Poco::UInt16>(config_.port)), true);
    socket.listen(std::max(64, config_.maxQueuedConnections));
    port_ = socket.address().port();
    context_ = std::make_unique<ServerContext>(config_, config_.baseUrl(port_));
    handler_ = withHttpFaults(std::make_unique<McpHttpHandler>(*context_), *context_);

    auto* params = new Poco::Net::TCPServerParams();
    params->setMaxThreads(config_.maxThreads);
    params->setMaxQueued(config_.maxQueuedConnections);
    // Idle workers re-check for shutdown this often, so stop() never waits long.
    params->setThreadIdleTime(Poco::Timespan(1, 0));
    factory_ = new HttpConnectionFactory(*handler_, hub_, context_->config, context_->logger);
    server_ = std::make_unique<Poco::Net::TCPServer>(factory_, pool_, socket, params);
    server_->start();
    sweeper_ = std::thread([this] { sweepIdleSessions(); });
}

void ReferenceServer::sweepIdleSessions() {
    std::unique_lock lock(sweepMutex_);
    while (!stopping_) {
        sweepWake_.wait_for(lock, std::chrono::seconds(1));
        for (auto& session : context_->sessions.expireIdle(config_.sessionIdleTimeout)) {
            endSession(*session);
            context_->logger.information("session expired: id=%s", session->id.substr(0, 8));
        }
    }
}

void ReferenceServer::stop() {
    if (!server_) return;
    {
        std::lock_guard lock(sweepMutex_);
        stopping_ = true;
    }
    sweepWake_.notify_all();
    if (sweeper_.joinable()) sweeper_.join();
    server_->stop();          // no new connections
    context_->timers.stop();  // no more deferred tool work
    factory_->shutdownAll();  // interrupt keep-alive reads
    hub_.shutdown();          // close every event stream
    pool_.joinAll();
    for (auto& session : context_->sessions.removeAll()) endSession(*session);
    server_.reset();
}

}  // namespace mcp::server
