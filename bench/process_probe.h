// Process probes for mcp-bench: the server's resident memory (VmRSS from /proc/<pid>/status)
// and CPU time (/proc/<pid>/stat), the client's own CPU time (getrusage), and its file
// descriptor limit, raised to the hard limit at start.
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

// User + system CPU seconds the process `pid` has used (nullopt if unreadable).
std::optional<double> processCpuSeconds(std::int64_t pid);
// utime + stime (fields 14 and 15, in clock ticks) out of a /proc/<pid>/stat text.
std::optional<std::uint64_t> parseStatCpuTicks(std::string_view statText);

// User + system CPU seconds of this whole process / of the calling thread (getrusage).
double ownProcessCpuSeconds();
double ownThreadCpuSeconds();

struct FileLimit {
    std::uint64_t soft = 0;
    std::uint64_t hard = 0;
};
FileLimit raiseFileLimit();

// File descriptors the client needs for a run (sockets plus a margin for the process).
std::uint64_t descriptorsNeeded(std::uint32_t sessions, std::uint32_t connectionsPerSession);

}  // namespace mcp::bench
