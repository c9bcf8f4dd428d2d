// HttpConnection: one non-blocking HTTP/1.1 client connection driven by an EventLoop.
// It connects, writes one request at a time, de-frames the response with the protocol's
// http1::ResponseDecoder and reports to its HttpConnectionListener. Keep-alive connections are
// reused for the next request; a closed one reconnects on the next send().
//
// Callbacks may call send() or close() on the same connection, but the connection object must
// outlive the loop's dispatch (mcp-bench owns all connections for the whole run).
#pragma once

#include "bench/event_loop.h"
#include "protocol/http1/message_parser.h"

#include <netinet/in.h>

#include <string>
#include <string_view>

namespace mcp::bench {

class HttpConnection;

class HttpConnectionListener {
public:
    virtual ~HttpConnectionListener() = default;
    virtual void onResponseHead(HttpConnection& connection) = 0;
    virtual void onResponseBody(HttpConnection& connection, std::string_view bytes) = 0;
    virtual void onResponseComplete(HttpConnection& connection) = 0;
    // The connection failed or closed before its response completed (reason says why).
    virtual void onConnectionFailed(HttpConnection& connection, std::string_view reason) = 0;
};

class HttpConnection final : public IoHandler {
public:
    HttpConnection(EventLoop& loop, const sockaddr_in& target, HttpConnectionListener& listener);
    ~HttpConnection() override;
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Sends a whole request (connecting first when needed). False when the socket could not
    // be created or a request is already outstanding.
    bool send(std::string request);
    void close();

    bool isOpen() const { return fd_ >= 0; }
    bool busy() const { return busy_; }            // a request is outstanding
    // The response head (status, fields), valid from onResponseHead on.
    const http1::MessageHead& response() const { return decoder_.head(); }
    Clock::time_point requestStartedAt() const { return requestStartedAt_; }

    // A small tag for the owner (e.g. which pool slot this is).
    int tag = 0;

    void onIoReady(std::uint32_t epollEvents) override;
    void onDeferredRead() override;

private:
    bool connectSocket();
    void flush();
    void readAvailable();
    void failWith(std::string_view reason);
    void announceHead();
    void complete();
    void deliver(std::string_view bytes);
    void endOfStream(std::string_view reason);

    EventLoop& loop_;
    sockaddr_in target_;
    HttpConnectionListener& listener_;
    int fd_ = -1;
    bool connected_ = false;
    bool busy_ = false;
    bool headAnnounced_ = false;
    std::string outbox_;
    std::size_t outboxSent_ = 0;
    http1::ResponseDecoder decoder_;
    Clock::time_point requestStartedAt_{};
};

}  // namespace mcp::bench
