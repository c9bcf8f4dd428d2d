// Fault names, in the same order as the Fault enum.
#include "reference-server/faults.h"

#include <array>

namespace mcp::server {
namespace {
constexpr std::array<std::string_view, static_cast<std::size_t>(Fault::Count_)> kNames = {
    "no-auth",
    "no-challenge",
    "case-sensitive-scheme",
    "single-space-only",
    "query-token",
    "echo-truncated",
    "echo-scheme-stripped",
    "echo-first-session",
    "legacy-no-endpoint-event",
    "sse-unterminated-events",
    "id-stringified",
    "unknown-method-ok",
    "parse-error-code",
    "notification-answered",
    "tool-not-found-result",
    "session-survives-delete",
    "protocol-version-ignored",
    "version-downgrade",
    "predictable-session-id",
    "no-origin-check",
    "legacy-reply-in-post-body",
};
}  // namespace

std::string_view faultName(Fault fault) { return kNames[static_cast<std::size_t>(fault)]; }

std::optional<Fault> parseFault(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<Fault>(i);
    return std::nullopt;
}

std::vector<std::string_view> allFaultNames() { return {kNames.begin(), kNames.end()}; }

}  // namespace mcp::server
