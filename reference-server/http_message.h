// HttpRequest / HttpResponse: the plain HTTP/1.1 message model the server's handler
// stack works on. Parsing (protocol/http1/message_parser.h) and sockets
// (http_connection.h) sit outside it, so the whole stack can be driven in process by
// tests and fuzzers.
#pragma once

#include "protocol/http1/header_fields.h"
#include "protocol/http1/message_parser.h"
#include "reference-server/server_metrics.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::server {

class OutboundQueue;

// Header fields in arrival order; names compare case-insensitively (H-8).
using http1::HeaderFields;

struct HttpRequest {
    std::string method;
    std::string target;   // request-target as sent, e.g. "/sse/message?sessionId=ab"
    std::string path;     // target up to '?'
    std::string query;    // after '?', without it
    int versionMinor = 1; // HTTP/1.x
    HeaderFields headers;
    std::string body;
    bool peerLoopback = false;  // the client connected from this machine (set by the connection)

    // The request a parser read: its head (method, target, fields) and the decoded body.
    static HttpRequest fromHead(const http1::MessageHead& head, std::string body);
    // Value of one query parameter (percent-decoded), if present.
    std::optional<std::string> queryParam(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    HeaderFields headers;
    std::string body;
    // When set, the answer is an event stream: the connection writes the head and body
    // without a length, then the stream's bytes as the client reads them, and closes the
    // connection when the stream ends.
    std::shared_ptr<OutboundQueue> stream;
    // Set when the answer is a refusal the server counts by reason (a session quota): the
    // connection counts and logs it as that refusal, with `detail`, not as a plain error answer.
    struct CountedRefusal {
        Refusal reason;
        std::string detail;
    };
    std::optional<CountedRefusal> refusal;

    static HttpResponse text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
    static HttpResponse json(int status, std::string body);
};

// The server's request handling as one operation; the connection layer drives it, and
// decorators (fault modes) wrap it.
class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    // Never throws.
    virtual HttpResponse handle(const HttpRequest& request) = 0;
    // The answer made without waiting for anything another thread holds (the event loop
    // calls this), or nullopt, having changed nothing, when the request may have to wait:
    // then handle() it elsewhere. Never throws. The default never answers.
    virtual std::optional<HttpResponse> handleWithoutWaiting(const HttpRequest&) { return std::nullopt; }
};

std::string_view reasonPhrase(int status);
// Serializes the status line and headers (and Content-Length unless streaming).
std::string serializeResponseHead(const HttpResponse& response, bool keepAlive);
// The same, appended to `out` (the connection's output buffer).
void appendResponseHead(std::string& out, const HttpResponse& response, bool keepAlive);

}  // namespace mcp::server
