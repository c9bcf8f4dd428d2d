// mcp-bench: end-to-end load generator for MCP servers (roundtrip, stream, connections).
// See bench/README.md for the scenarios and the figures measured with it.
#include "bench/bench_options.h"
#include "bench/bench_runner.h"

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    using namespace mcp::bench;
    const auto parsed = parseBenchOptions(std::vector<std::string>(argv + 1, argv + argc));
    if (parsed.options.help) {
        std::cout << benchUsage();
        return 0;
    }
    if (!parsed.error.empty()) {
        std::cerr << "mcp-bench: " << parsed.error << '\n';
        return 2;
    }
    const BenchRun run = runBench(parsed.options);
    if (!run.result) {
        std::cerr << "mcp-bench: " << run.error << '\n';
        return 2;
    }
    std::cout << formatTable(*run.result) << std::flush;
    if (!parsed.options.jsonPath.empty()) {
        std::ofstream out(parsed.options.jsonPath);
        out << toJson(*run.result);
        if (!out) {
            std::cerr << "mcp-bench: cannot write " << parsed.options.jsonPath << '\n';
            return 2;
        }
    }
    std::cerr << formatVerdict(*run.result);
    const auto& stats = run.result->stats;
    if (stats.sessionsOpened == 0) return 1;
    return parsed.options.scenario != Scenario::Exhaustion && run.result->errors() > 0 ? 1 : 0;
}
