// TransportKind names.
#include "protocol/transport_kind.h"

namespace mcp {

std::string_view toString(TransportKind kind) {
    switch (kind) {
    case TransportKind::Auto: return "auto";
    case TransportKind::LegacySse: return "sse";
    case TransportKind::StreamableHttp: return "streamable-http";
    }
    return "?";
}

std::optional<TransportKind> parseTransportKind(std::string_view name) {
    if (name == "auto") return TransportKind::Auto;
    if (name == "sse" || name == "legacy") return TransportKind::LegacySse;
    if (name == "streamable-http" || name == "streamable") return TransportKind::StreamableHttp;
    return std::nullopt;
}

}  // namespace mcp
