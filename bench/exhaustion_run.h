// ExhaustionRun: mcp-bench's `exhaustion` scenario: what a fresh client waits for while the
// server's connections are being exhausted. It holds --idle connections that never send a
// byte and --slowloris connections that trickle a request head one byte every
// --slowloris-interval (reopening any the server closes, and counting them), and once all are
// held it opens --sessions fresh MCP sessions one after another, at most one every
// --probe-interval (so that the probes span the server's deadlines): a probe's latency runs from
// its connect to the reply of its first tools/call (`add`). With --pid the server's resident
// memory and thread count are read before the connections are opened and at the end.
//
//   ExhaustionFigures figures = runExhaustion(options, plan, transport, deadline);
#pragma once

#include "bench/bench_options.h"
#include "bench/latency_histogram.h"
#include "bench/mcp_client_session.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace mcp::bench {

struct ExhaustionFigures {
    LatencyHistogram probeLatency;               // connect -> first tools/call reply
    std::uint64_t probesOk = 0;
    std::uint64_t probesFailed = 0;
    std::map<std::string, std::uint64_t> probeFailures;
    std::uint64_t idleHeld = 0;                  // open when the probes ended
    std::uint64_t slowlorisHeld = 0;
    std::uint64_t idleClosedByServer = 0;        // each was reopened
    std::uint64_t slowlorisClosedByServer = 0;
    std::uint64_t heldConnectFailures = 0;
    double holdSetupSeconds = 0;                 // until every held connection was up
    std::optional<std::uint64_t> rssBeforeKib;   // server, before the held connections
    std::optional<std::uint64_t> rssEndKib;      // server, when the probes ended
    std::optional<std::uint64_t> threadsEnd;     // server threads when the probes ended
};

ExhaustionFigures runExhaustion(const BenchOptions& options, const SessionPlan& plan, TransportKind transport,
                                Clock::time_point deadline);

}  // namespace mcp::bench
