// BenchRunner: runs one mcp-bench scenario end to end: resolves the target, raises the file
// descriptor limit, spreads sessions over client threads, shows progress on a terminal,
// samples the server's memory, and returns the merged result.
#pragma once

#include "bench/bench_options.h"
#include "bench/bench_report.h"

#include <optional>
#include <string>

namespace mcp::bench {

struct BenchRun {
    std::optional<BenchResult> result;
    std::string error;  // set when the run could not start
};

BenchRun runBench(const BenchOptions& options);

}  // namespace mcp::bench
