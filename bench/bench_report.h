// BenchReport: mcp-bench's results: what was run, what was measured, and the figures derived
// from it, printed as a readable table or written as JSON (--json FILE).
//
//   mcp::bench::BenchResult result = ...;
//   std::cout << mcp::bench::formatTable(result);
//   writeFile(path, mcp::bench::toJson(result));
#pragma once

#include "bench/bench_options.h"
#include "bench/exhaustion_run.h"
#include "bench/run_stats.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mcp::bench {

struct BenchResult {
    BenchOptions options;             // token already reduced to a fingerprint
    std::string tokenFingerprint;
    TransportKind transport = TransportKind::LegacySse;
    RunStats stats;
    double elapsedSeconds = 0;        // the whole run, setup included
    std::optional<std::uint64_t> rssBeforeKib;
    std::optional<std::uint64_t> rssAfterOpenKib;
    std::uint64_t sessionsHeldWhenSampled = 0;
    std::uint64_t fileLimit = 0;
    std::optional<ExhaustionFigures> exhaustion;  // the exhaustion scenario
    std::optional<double> allOpenSeconds;      // run start -> the last session open (when every one opened)
    std::uint32_t clientThreads = 0;
    double clientCpuSeconds = 0;               // mcp-bench's own CPU (user + system) over the run
    double busiestClientThreadShare = 0;       // CPU / wall time of the busiest client thread
    std::optional<double> serverCpuSeconds;    // the --pid's CPU over the run

    // Derived figures.
    double measuredSeconds() const;   // first call sent -> last reply (roundtrip, stream)
    double callsPerSecond() const;
    double eventsPerSecond() const;
    double eventBytesPerSecond() const;
    std::optional<double> rssPerSessionKib() const;
    // mcp-bench, not the server, may be the limit: a client thread was busy nearly all the
    // time, or the client used at least as much CPU as the server (on a machine with few cores,
    // or a loaded one, the two then share the CPU and the client's share caps the rate).
    bool clientBound() const {
        return busiestClientThreadShare >= kClientBoundShare || (serverCpuSeconds && clientCpuSeconds >= *serverCpuSeconds);
    }
    std::uint64_t errors() const { return stats.errorCount(); }

    static constexpr double kClientBoundShare = 0.85;
};

std::string formatTable(const BenchResult& result);
std::string toJson(const BenchResult& result);
// The lines mcp-bench prints on stderr after a run: its errors (a run with errors fails) and
// a warning when the client was the limit. Empty when there is nothing to say.
std::string formatVerdict(const BenchResult& result);

// Median of a list of numbers (0 when empty); used for per-connection rates.
double medianOf(std::vector<double> values);

}  // namespace mcp::bench
