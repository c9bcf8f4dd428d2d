// HostileServer: a deliberately hostile HTTP server on 127.0.0.1 for proving that the suite
// stays bounded in memory and time. Modes:
//   endless-sse  every request gets 200 text/event-stream and then an endless stream of
//                1 MiB `notifications/message` events (valid JSON-RPC, never a response)
//   flood        a working MCP initialize (JSON answer, 202 for notifications), then every
//                other request gets the endless stream: the suite grades it case by case
//   silent       connections are accepted and read, and never answered
// It serves until stop() (or its destructor), at most kMaxConnections at a time.
//
//   HostileServer server(HostileServer::Mode::EndlessSse);
//   run mcp-conformance --url server.url() + "/mcp"; server.stop();
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace mcp::conformance {

class HostileServer {
public:
    enum class Mode { EndlessSse, Flood, Silent };
    static std::optional<Mode> parseMode(const std::string& name);
    static constexpr std::size_t kEventBytes = 1024 * 1024;
    static constexpr std::size_t kMaxConnections = 64;

    explicit HostileServer(Mode mode);
    ~HostileServer();
    std::string url() const;   // "http://127.0.0.1:<port>"
    void stop();
    std::size_t eventsSent() const { return eventsSent_; }

private:
    // One accepted connection and the worker serving it; owned by the acceptor thread (by stop()
    // once the acceptor has ended), released only after the worker is joined.
    struct ServedConnection {
        Poco::Net::StreamSocket socket;
        std::thread worker;
        std::atomic<bool> done{false};
    };
    void acceptLoop();
    void reapFinished();
    void serve(Poco::Net::StreamSocket& socket);

    Mode mode_;
    Poco::Net::ServerSocket listener_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> eventsSent_{0};
    std::list<std::unique_ptr<ServedConnection>> connections_;
    std::thread acceptor_;
};

}  // namespace mcp::conformance
