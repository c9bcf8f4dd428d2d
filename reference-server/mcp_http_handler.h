// McpHttpHandler: the server's whole request handling, from a parsed HttpRequest to
// an HttpResponse, with no sockets: Host and Origin checks (T-SH-2, T-SH-3, T-SSE-13),
// CORS, routing, the auth gate, then the legacy or Streamable HTTP transport. The
// landing page, the protected resource metadata (RFC 9728) and GET /metrics (Prometheus
// text, loopback peers only unless configured otherwise) need no token.
#pragma once

#include "reference-server/legacy_sse_transport.h"
#include "reference-server/server_context.h"
#include "reference-server/streamable_http_transport.h"

namespace mcp::server {

class McpHttpHandler : public HttpHandler {
public:
    explicit McpHttpHandler(ServerContext& context);

    // Never throws: an unexpected failure becomes a 500 with a JSON-RPC error.
    HttpResponse handle(const HttpRequest& request) override;
    // Nullopt when a session's lock is taken elsewhere, and for what opens or ends a session
    // (it may wait for another session's lock).
    std::optional<HttpResponse> handleWithoutWaiting(const HttpRequest& request) override;

private:
    HttpResponse route(const HttpRequest& request);
    HttpResponse metrics(const HttpRequest& request) const;
    bool hostAllowed(const HttpRequest& request) const;
    bool originAllowed(std::string_view origin) const;
    HttpResponse landingPage() const;
    HttpResponse resourceMetadata(const std::string& resourcePath) const;

    ServerContext& context_;
    LegacySseTransport legacy_;
    StreamableHttpTransport streamable_;
};

}  // namespace mcp::server
