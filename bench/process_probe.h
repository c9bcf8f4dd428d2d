// Process probes for mcp-bench: the server's resident memory (VmRSS from /proc/<pid>/status)
// and the client's own file descriptor limit, raised to the hard limit at start.
//
//   auto kib = mcp::bench::residentKib(serverPid);     // nullopt if unreadable
//   auto limit = mcp::bench::raiseFileLimit();         // {soft, hard} after raising
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mcp::bench {

std::optional<std::uint64_t> residentKib(std::int64_t pid);
// Reads "VmRSS:   1234 kB" out of a /proc/<pid>/status text.
std::optional<std::uint64_t> parseVmRssKib(std::string_view statusText);

struct FileLimit {
    std::uint64_t soft = 0;
    std::uint64_t hard = 0;
};
FileLimit raiseFileLimit();

// File descriptors the client needs for a run (sockets plus a margin for the process).
std::uint64_t descriptorsNeeded(std::uint32_t sessions, std::uint32_t connectionsPerSession);

}  // namespace mcp::bench
