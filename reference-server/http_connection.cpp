// One HTTP/1.1 connection: read, parse, handle, write; hand event streams to the hub.
#include "reference-server/http_connection.h"

#include "protocol/http1/message_parser.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>

namespace mcp::server {

class HttpConnection : public Poco::Net::TCPServerConnection {
public:
    HttpConnection(const Poco::Net::StreamSocket& socket, HttpConnectionFactory& factory)
        : TCPServerConnection(socket), factory_(factory) {}

    void run() override {
        factory_.track(socket());
        try {
            serve();
        } catch (const Poco::Exception&) {
            // Peer reset, timeout or shutdown: the connection simply ends.
        } catch (const std::exception&) {
            // Same: nothing outlives the connection but the socket, which closes below.
        }
        factory_.untrack(socket());
    }

private:
    void sendAll(std::string_view bytes) {
        while (!bytes.empty()) {
            int n = socket().sendBytes(bytes.data(), static_cast<int>(bytes.size()));
            if (n <= 0) throw Poco::Net::NetException("send failed");
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    void sendError(int status, const std::string& reason) {
        HttpResponse response = jsonRpcErrorResponse(status, status == 413 ? -32600 : -32700, "HTTP error: " + reason);
        sendAll(serializeResponseHead(response, false) + response.body);
    }

    void serve() {
        const ServerConfig& config = factory_.config_;
        socket().setSendTimeout(Poco::Timespan(config.requestReadTimeout.count(), 0));
        http1::RequestParser parser(config.http);
        std::string body;
        auto appendBody = [&](std::string_view bytes) { body.append(bytes); };
        std::string pending;   // read but not yet parsed: the start of a pipelined request
        char chunk[16 * 1024];
        while (true) {
            auto step = parser.feed(pending, appendBody);
            pending.erase(0, step.consumed);
            if (step.event == http1::ParseEvent::Failed) {
                factory_.logger_.notice("request refused: %d %s", parser.error().status, parser.error().reason);
                sendError(parser.error().status, parser.error().reason);
                return;
            }
            if (step.event == http1::ParseEvent::HeadComplete) {
                if (parser.expectsContinue()) sendAll("HTTP/1.1 100 Continue\r\n\r\n");
                continue;
            }
            if (step.event == http1::ParseEvent::NeedMore) {
                // Idle keep-alive connections wait less than requests already started.
                auto timeout = parser.idle() ? config.idleConnectionTimeout : config.requestReadTimeout;
                socket().setReceiveTimeout(Poco::Timespan(timeout.count(), 0));
                int n = 0;
                try {
                    n = socket().receiveBytes(chunk, sizeof chunk);
                } catch (const Poco::TimeoutException&) {
                    if (!parser.idle()) sendError(408, "request not received in time");
                    return;
                }
                if (n <= 0) return;
                pending.append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            HttpRequest request = HttpRequest::fromHead(parser.head(), std::move(body));
            bool keepAlive = parser.keepAlive();
            body.clear();
            parser.reset();
            HttpResponse response = factory_.handler_.handle(request);
            // One line per error; the path only (a query string may hold a credential).
            if (response.status >= 400)
                factory_.logger_.notice("request error: %d %s %s", response.status, request.method, request.path);
            if (response.stream) {
                // Flush the head, then let the hub own the socket from here on.
                sendAll(serializeResponseHead(response, false));
                factory_.untrack(socket());
                factory_.hub_.attach(response.stream, socket());
                return;
            }
            sendAll(serializeResponseHead(response, keepAlive) + (request.method == "HEAD" ? "" : response.body));
            if (!keepAlive) return;
        }
    }

    HttpConnectionFactory& factory_;
};

HttpConnectionFactory::HttpConnectionFactory(HttpHandler& handler, StreamHub& hub, const ServerConfig& config,
                                             Poco::Logger& logger)
    : handler_(handler), hub_(hub), config_(config), logger_(logger) {}

Poco::Net::TCPServerConnection* HttpConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
    return new HttpConnection(socket, *this);
}

void HttpConnectionFactory::track(Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(mutex_);
    if (stopping_) socket.shutdown();
    live_.insert(socket);
}

void HttpConnectionFactory::untrack(Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(mutex_);
    live_.erase(socket);
}

void HttpConnectionFactory::shutdownAll() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto socket : live_) {
        try {
            socket.shutdown();
        } catch (const Poco::Exception&) {
        }
    }
}

}  // namespace mcp::server
