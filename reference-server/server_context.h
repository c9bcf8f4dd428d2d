// ServerContext: what the request handlers share — configuration, the auth gate,
// sessions, the MCP method layer and the logger. Owned by ReferenceServer.
#pragma once

#include "reference-server/auth_gate.h"
#include "reference-server/mcp_server.h"
#include "reference-server/server_config.h"
#include "reference-server/session_registry.h"

#include <Poco/Logger.h>

#include <string>

namespace mcp::server {

struct ServerContext {
    ServerContext(const ServerConfig& cfg, std::string base)
        : config(cfg),
          baseUrl(std::move(base)),
          auth(cfg, baseUrl),
          sessions(cfg.maxSessions, cfg.faults.has(Fault::PredictableSessionId)),
          mcp(cfg.faults),
          logger(Poco::Logger::get("mcp-reference-server")) {}

    const ServerConfig config;
    const std::string baseUrl;   // e.g. http://127.0.0.1:8787
    AuthGate auth;
    SessionRegistry sessions;
    McpServer mcp;
    Poco::Logger& logger;
};

// A JSON-RPC error body with a null id, for HTTP-level refusals.
HttpResponse jsonRpcErrorResponse(int status, int code, const std::string& message);
// Encodes one message as an SSE event: `event: message` on the legacy stream, unnamed
// with an id on Streamable HTTP. Honours the sse-unterminated-events fault.
std::string encodeMessageEvent(const ServerContext& context, std::string_view json, std::string_view event,
                               std::string_view id = {});
// The media type of a Content-Type or Accept element, lower-cased, parameters dropped.
std::string mediaType(std::string_view value);
// True when an Accept header admits `type` (exact, type/*, or */*).
bool accepts(const HttpRequest& request, std::string_view type);

// Reads a POST body into messages, or says which HTTP error to answer with
// (415 wrong media type, 400 with -32700 / -32600, batches only when allowed).
struct PostedMessages {
    std::optional<HttpResponse> error;
    DecodedBody body;
};
PostedMessages readPostedMessages(const ServerContext& context, const HttpRequest& request, bool allowBatch);

// Runs every message of a body through the MCP layer: the serialized replies (errors for
// invalid elements that were not notifications) and the notification sequence, if any.
struct Replies {
    std::vector<std::string> messages;
    std::shared_ptr<MessageSequence> notifications;
};
Replies dispatchMessages(ServerContext& context, const DecodedBody& body, McpSession& session);
// The replies as one JSON text: the single reply, or an array for a batch.
std::string joinReplies(const std::vector<std::string>& replies, bool batch);

}  // namespace mcp::server
