// MCP protocol revisions and version negotiation (LC-3, LC-4, LC-5).
//
//   auto rev = mcp::negotiateRevision("2025-06-18");   // Revision::V2025_06_18
//   auto unknown = mcp::negotiateRevision("2099-01-01"); // latest supported
//   mcp::toString(rev) == "2025-06-18"
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace mcp {

enum class Revision { V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25 };

inline constexpr std::array<Revision, 4> kAllRevisions = {
    Revision::V2024_11_05, Revision::V2025_03_26, Revision::V2025_06_18, Revision::V2025_11_25};

std::string_view toString(Revision revision);
// Exact match of a revision string; nullopt for anything else (including padding).
std::optional<Revision> parseRevision(std::string_view text);
Revision latestRevision();
// The requested revision when supported, otherwise the newest supported one.
Revision negotiateRevision(std::string_view requested);

// Revision rules that transports and the server consult.
bool allowsBatches(Revision revision);              // JSON-RPC batches: 2025-03-26 only
bool requiresProtocolVersionHeader(Revision revision); // MCP-Protocol-Version: 2025-06-18+
bool argumentErrorsAreToolErrors(Revision revision);    // TL-10: 2025-11-25 uses isError
bool sendsPrimingEvent(Revision revision);          // T-SH-16: 2025-11-25

}  // namespace mcp
