// Hostile HTTP server for the suite's memory and time bounds (endless SSE, silence).
#include "conformance/hostile_server.h"

#include <Poco/Net/SocketAddress.h>

#include <cstdlib>

namespace mcp::conformance {
namespace {

// One event: a valid notification whose data is kEventBytes long.
std::string hugeEvent() {
    std::string prefix = R"(event: message)" "\n" R"(data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":")";
    std::string suffix = "\"}}\n\n";
    return prefix + std::string(HostileServer::kEventBytes - prefix.size() - suffix.size(), 'x') + suffix;
}

// Reads a request head and (up to 1 MiB of) its Content-Length body; nullopt when the client
// went away first.
std::optional<std::string> readRequest(Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) {
    std::string request;
    char buffer[4096];
    std::size_t want = std::string::npos;
    while (!stopping && request.size() < (1 << 20) + 65536) {
        auto end = request.find("\r\n\r\n");
        if (end != std::string::npos && want == std::string::npos) {
            std::size_t length = 0;
            auto at = request.find("Content-Length: ");
            if (at != std::string::npos && at < end) length = std::strtoul(request.c_str() + at + 16, nullptr, 10);
            want = end + 4 + std::min<std::size_t>(length, 1 << 20);
        }
        if (want != std::string::npos && request.size() >= want) return request;
        if (!socket.poll(Poco::Timespan(0, 200000), Poco::Net::Socket::SELECT_READ)) continue;
        int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) return std::nullopt;
        request.append(buffer, static_cast<std::size_t>(n));
    }
    return std::nullopt;
}

void sendAll(Poco::Net::StreamSocket& socket, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        int n = socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

// Flood mode: the answers that let a client initialize, so the suite goes on to its cases.
bool answerPolitely(Poco::Net::StreamSocket& socket, const std::string& request) {
    if (request.rfind("POST ", 0) != 0) return false;
    if (request.find("\"initialize\"") != std::string::npos) {
        auto version = std::string("2025-06-18");
        for (const char* v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
            if (request.find(std::string("\"protocolVersion\":\"") + v + "\"") != std::string::npos) version = v;
        std::string body = R"({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":")" + version +
                           R"(","capabilities":{"tools":{}},"serverInfo":{"name":"hostile-flood","version":"1"}}})";
        auto idAt = request.find("\"id\":");
        if (idAt != std::string::npos) {
            auto end = request.find_first_of(",}", idAt);
            body.replace(body.find("\"id\":0"), 6, request.substr(idAt, end - idAt));
        }
        sendAll(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: hostile-flood-0123456789abcdef\r\n"
                        "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        return true;
    }
    if (request.find("\"method\":\"notifications/") != std::string::npos && request.find("\"id\"") == std::string::npos) {
        sendAll(socket, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return true;
    }
    return false;
}

}  // namespace

std::optional<HostileServer::Mode> HostileServer::parseMode(const std::string& name) {
    if (name == "endless-sse") return Mode::EndlessSse;
    if (name == "flood") return Mode::Flood;
    if (name == "silent") return Mode::Silent;
    return std::nullopt;
}

HostileServer::HostileServer(Mode mode) : mode_(mode), listener_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    acceptor_ = std::thread([this] { acceptLoop(); });
}

HostileServer::~HostileServer() { stop(); }

std::string HostileServer::url() const { return "http://127.0.0.1:" + std::to_string(listener_.address().port()); }

void HostileServer::stop() {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    // The acceptor is gone: the connections are this thread's. Workers notice `stopping_` within
    // one 200 ms poll or 500 ms send timeout; the shutdown wakes a blocked one sooner.
    for (auto& c : connections_) {
        try {
            c->socket.shutdown();
        } catch (...) {
        }
    }
    for (auto& c : connections_) c->worker.join();
    connections_.clear();
    listener_.close();
}

void HostileServer::reapFinished() {
    // A connection's socket is released only after its worker is joined, so the last reference
    // to it drops in this thread, ordered after everything the worker did with it.
    for (auto it = connections_.begin(); it != connections_.end();) {
        if (!(*it)->done) {
            ++it;
            continue;
        }
        (*it)->worker.join();
        it = connections_.erase(it);
    }
}

void HostileServer::acceptLoop() {
    while (!stopping_) {
        reapFinished();
        if (!listener_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
        try {
            auto socket = listener_.acceptConnection();
            if (connections_.size() >= kMaxConnections) {
                socket.close();
                continue;
            }
            auto connection = std::make_unique<ServedConnection>();
            connection->socket = socket;
            auto* c = connection.get();
            connection->worker = std::thread([this, c] {
                serve(c->socket);
                c->done = true;
            });
            connections_.push_back(std::move(connection));
        } catch (...) {
        }
    }
}

void HostileServer::serve(Poco::Net::StreamSocket& socket) {
    try {
        auto request = readRequest(socket, stopping_);
        if (!request) return;
        if (mode_ == Mode::Flood && answerPolitely(socket, *request)) return;
        if (mode_ == Mode::Silent) {
            // Never answer; notice when the client gives up.
            char buffer[4096];
            while (!stopping_) {
                if (!socket.poll(Poco::Timespan(0, 200000), Poco::Net::Socket::SELECT_READ)) continue;
                if (socket.receiveBytes(buffer, sizeof buffer) <= 0) return;
            }
            return;
        }
        static const std::string event = hugeEvent();
        std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
        socket.sendBytes(head.data(), static_cast<int>(head.size()));
        socket.setSendTimeout(Poco::Timespan(0, 500000));
        while (!stopping_) {
            std::size_t sent = 0;
            while (sent < event.size() && !stopping_) {
                try {
                    int n = socket.sendBytes(event.data() + sent, static_cast<int>(event.size() - sent));
                    if (n <= 0) return;
                    sent += static_cast<std::size_t>(n);
                } catch (const Poco::TimeoutException&) {
                    // The client is not reading right now: try again until it closes or we stop.
                }
            }
            ++eventsSent_;
        }
    } catch (...) {
        // The client went away: that is how every stream here ends.
    }
}

}  // namespace mcp::conformance
