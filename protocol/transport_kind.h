// TransportKind: the two HTTP transports of MCP (legacy HTTP+SSE, 2024-11-05; Streamable
// HTTP, 2025-03-26+), as the server, the suite and mcp-bench name them. Auto means "find
// out" (the suite probes, mcp-bench looks at the URL path).
//
//   auto kind = mcp::parseTransportKind("streamable-http");   // also "streamable"
//   mcp::toString(*kind) == "streamable-http"
#pragma once

#include <optional>
#include <string_view>

namespace mcp {

enum class TransportKind { Auto, LegacySse, StreamableHttp };

// "auto", "sse", "streamable-http".
std::string_view toString(TransportKind kind);
// Those names, and "legacy" / "streamable" (mcp-bench's spellings); nullopt for anything else.
std::optional<TransportKind> parseTransportKind(std::string_view name);

}  // namespace mcp
