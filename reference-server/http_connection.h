// HttpConnectionFactory: serves HTTP/1.1 keep-alive connections for POCO's TCPServer.
// Each connection reads requests with http1::RequestParser (bounded in bytes and time), passes
// them to McpHttpHandler and writes the answers; an event-stream answer hands the
// socket to the StreamHub and frees the worker thread. The factory tracks live
// connections so that shutdown can interrupt idle keep-alive reads.
#pragma once

#include "reference-server/mcp_http_handler.h"
#include "reference-server/stream_hub.h"

#include <Poco/Logger.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <mutex>
#include <set>

namespace mcp::server {

class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    HttpConnectionFactory(HttpHandler& handler, StreamHub& hub, const ServerConfig& config, Poco::Logger& logger);

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

    // Interrupts every connection still being served (used on shutdown).
    void shutdownAll();

private:
    friend class HttpConnection;
    void track(Poco::Net::StreamSocket& socket);
    void untrack(Poco::Net::StreamSocket& socket);

    HttpHandler& handler_;
    StreamHub& hub_;
    const ServerConfig& config_;
    Poco::Logger& logger_;
    std::mutex mutex_;
    std::set<Poco::Net::StreamSocket> live_;
    bool stopping_ = false;
};

}  // namespace mcp::server
