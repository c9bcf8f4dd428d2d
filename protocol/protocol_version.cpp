// MCP protocol revisions: names, exact parsing, negotiation and per-revision rules.
#include "protocol/protocol_version.h"

namespace mcp {

std::string_view toString(Revision revision) {
    switch (revision) {
        case Revision::V2024_11_05: return "2024-11-05";
        case Revision::V2025_03_26: return "2025-03-26";
        case Revision::V2025_06_18: return "2025-06-18";
        case Revision::V2025_11_25: return "2025-11-25";
    }
    return "";
}

std::optional<Revision> parseRevision(std::string_view text) {
    for (Revision revision : kAllRevisions)
        if (toString(revision) == text) return revision;
    return std::nullopt;
}

Revision latestRevision() { return kAllRevisions.back(); }

Revision negotiateRevision(std::string_view requested) {
    return parseRevision(requested).value_or(latestRevision());
}

bool allowsBatches(Revision revision) { return revision == Revision::V2025_03_26; }
bool requiresProtocolVersionHeader(Revision revision) { return revision >= Revision::V2025_06_18; }
bool argumentErrorsAreToolErrors(Revision revision) { return revision >= Revision::V2025_11_25; }
bool sendsPrimingEvent(Revision revision) { return revision >= Revision::V2025_11_25; }

}  // namespace mcp
