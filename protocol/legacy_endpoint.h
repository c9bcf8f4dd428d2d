// resolveLegacyEndpoint: where a legacy HTTP+SSE client POSTs its messages. The server names
// the endpoint in the first event of the stream (`event: endpoint`, `data: <URI reference>`,
// MCP 2024-11-05); the client resolves it against the stream's URL (RFC 3986 §5) and must
// stay on the same origin. The result is an origin-form request-target (path and query;
// the fragment is never sent, RFC 9112 §3.2).
//
//   std::string error;
//   auto target = mcp::resolveLegacyEndpoint("http://127.0.0.1:8787/sse", "/sse/message?sessionId=ab#x", error);
//   // *target == "/sse/message?sessionId=ab"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcp {

std::optional<std::string> resolveLegacyEndpoint(std::string_view streamUrl, std::string_view data, std::string& error);

}  // namespace mcp
