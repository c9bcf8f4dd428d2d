// StreamableHttpTransport: the 2025-03-26+ transport at /mcp (T-SH-*): POST answered
// with JSON or SSE, the GET stream, DELETE, Mcp-Session-Id, MCP-Protocol-Version
// validation, event ids and Last-Event-ID resumption, batches only in 2025-03-26.
#pragma once

#include "reference-server/server_context.h"

namespace mcp::server {

class StreamableHttpTransport {
public:
    explicit StreamableHttpTransport(ServerContext& context) : context_(context) {}

    HttpResponse post(const HttpRequest& request, const AuthOutcome& auth);
    HttpResponse get(const HttpRequest& request, const AuthOutcome& auth);
    HttpResponse remove(const HttpRequest& request, const AuthOutcome& auth);

private:
    // The session named by Mcp-Session-Id, or the 400/404 to answer with.
    std::shared_ptr<Session> findSession(const HttpRequest& request, const AuthOutcome& auth,
                                         std::optional<HttpResponse>& error);
    // T-SH-44: a present MCP-Protocol-Version must be exactly one supported revision.
    std::optional<HttpResponse> checkProtocolVersion(const HttpRequest& request);
    HttpResponse initialize(const HttpRequest& request, const AuthOutcome& auth, const JsonRpcMessage& message);
    HttpResponse answer(Session& session, const DecodedBody& body);

    ServerContext& context_;
};

}  // namespace mcp::server
