// Process probes: /proc parsing and RLIMIT_NOFILE.
#include "bench/process_probe.h"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace mcp::bench {

std::optional<std::uint64_t> parseVmRssKib(std::string_view text) {
    const auto at = text.find("VmRSS:");
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t i = at + 6;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::uint64_t kib = 0;
    auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + text.size(), kib);
    if (ec != std::errc() || ptr == text.data() + i) return std::nullopt;
    return kib;
}

std::optional<std::uint64_t> residentKib(std::int64_t pid) {
    if (pid <= 0) return std::nullopt;
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return parseVmRssKib(text.str());
}

std::optional<std::uint64_t> parseStatCpuTicks(std::string_view text) {
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const auto close = text.rfind(')');
    if (close == std::string_view::npos) return std::nullopt;
    std::size_t i = close + 1;
    std::uint64_t ticks = 0;
    for (int field = 3; field <= 15; ++field) {
        while (i < text.size() && text[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i == start) return std::nullopt;
        if (field >= 14) {
            std::uint64_t value = 0;
            auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + i, value);
            if (ec != std::errc() || ptr != text.data() + i) return std::nullopt;
            ticks += value;
        }
    }
    return ticks;
}

std::optional<double> processCpuSeconds(std::int64_t pid) {
    if (pid <= 0) return std::nullopt;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    const auto ticks = parseStatCpuTicks(text.str());
    const long perSecond = sysconf(_SC_CLK_TCK);
    if (!ticks || perSecond <= 0) return std::nullopt;
    return static_cast<double>(*ticks) / static_cast<double>(perSecond);
}

namespace {
double cpuSecondsOf(int who) {
    rusage usage{};
    if (getrusage(who, &usage) != 0) return 0;
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
}  // namespace

double ownProcessCpuSeconds() { return cpuSecondsOf(RUSAGE_SELF); }
double ownThreadCpuSeconds() { return cpuSecondsOf(RUSAGE_THREAD); }

FileLimit raiseFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return {static_cast<std::uint64_t>(limit.rlim_cur), static_cast<std::uint64_t>(limit.rlim_max)};
}

std::uint64_t descriptorsNeeded(std::uint32_t sessions, std::uint32_t connectionsPerSession) {
    constexpr std::uint64_t kProcessMargin = 64;  // stdio, epoll, /proc reads, output files
    return static_cast<std::uint64_t>(sessions) * connectionsPerSession + kProcessMargin;
}

}  // namespace mcp::bench
