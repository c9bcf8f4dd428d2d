// The reference server's own tools: add {a, b}, getToken (the header-echo contract: exactly
// "User's token: <Authorization header value the session was opened with>"), echo, and the
// `stream` benchmark fixture. Served by every mcp-reference-server.
#pragma once

#include "reference-server/mcp_server.h"

#include <cstdint>

namespace mcp::server {

inline constexpr std::uint64_t kMaxStreamEvents = kMaxSequenceEvents;
inline constexpr std::uint64_t kMaxStreamEventBytes = 64 * 1024;
// No cap on a call's total: both transports produce the events as the client reads them.

McpCatalog referenceCatalog();

// Helpers for building tool definitions, shared with the conformance fixtures.
// An object schema with the given {name, JSON type} properties, all required when `required`.
Poco::JSON::Object::Ptr objectSchema(std::initializer_list<std::pair<const char*, const char*>> properties, bool required);
Poco::JSON::Object::Ptr toolDefinition(const std::string& name, const std::string& description, Poco::JSON::Object::Ptr inputSchema);

}  // namespace mcp::server
