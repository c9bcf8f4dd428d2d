// Test-only HTTP client for the server's in-process tests: raw request bytes in,
// parsed response out, and an SSE stream reader. Responses are read by the protocol's
// http1::ResponseDecoder and every read has a deadline, so a broken server fails a test
// instead of hanging it.
#pragma once

#include "protocol/sse_parser.h"
#include "reference-server/http_message.h"

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcp::server::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;
using namespace std::chrono_literals;

struct ClientResponse {
    int status = 0;            // 0: no complete response arrived
    HeaderFields headers;
    std::string body;
};

// Builds a request with Host and (for a body) Content-Length.
std::string buildRequest(const std::string& method, const std::string& target, const Headers& headers,
                         const std::string& body = "");

// Sends raw bytes on a new connection and reads one response.
ClientResponse sendRaw(int port, const std::string& raw, std::chrono::milliseconds timeout = 5s);
ClientResponse send(int port, const std::string& method, const std::string& target, const Headers& headers,
                    const std::string& body = "");

// An open event stream (GET /sse or GET /mcp, or a POST answered with SSE).
class EventStream {
public:
    // Sends the request and reads the response head.
    EventStream(int port, const std::string& raw);
    int status() const { return head_.status; }
    const HeaderFields& headers() const { return head_.headers; }
    // The next event, or nullopt on timeout or end of stream.
    std::optional<SseEvent> next(std::chrono::milliseconds timeout = 5s);
    // True once the stream ended: EOF, or the whole framed body was read.
    bool waitForEnd(std::chrono::milliseconds timeout = 5s);
    void close() { socket_.close(); }

private:
    bool readMore(std::chrono::steady_clock::time_point deadline);

    Poco::Net::StreamSocket socket_;
    http1::ResponseDecoder decoder_;
    ClientResponse head_;
    SseParser parser_;
    std::vector<SseEvent> pending_;
    bool eof_ = false;
};

}  // namespace mcp::server::testing
