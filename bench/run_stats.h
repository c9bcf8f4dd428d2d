// RunStats: what one client thread measured during a run, merged across threads at the end.
// The live counters are atomics so the main thread can show progress while workers run;
// everything else is touched by its own thread only until the merge.
#pragma once

#include "bench/event_loop.h"
#include "bench/latency_histogram.h"
#include "bench/sequence_tracker.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mcp::bench {

struct LiveCounters {
    std::atomic<std::uint64_t> sessionsOpen{0};    // SSE stream up (connections) or handshake done
    std::atomic<std::uint64_t> sessionsFailed{0};
    std::atomic<std::uint64_t> callsCompleted{0};
    std::atomic<std::uint64_t> eventsReceived{0};
};

struct RunStats {
    LatencyHistogram callLatency;        // tools/call sent -> its reply received
    LatencyHistogram firstEventLatency;  // connect started -> first event (or first reply)
    std::uint64_t callsOk = 0;
    std::uint64_t callErrors = 0;        // JSON-RPC error, isError or wrong result, rejected POST, reply never came
    std::uint64_t unknownReplies = 0;    // replies to ids never sent, sent earlier or not numbers
    std::uint64_t sessionsOpened = 0;
    std::uint64_t sessionsFailed = 0;
    std::uint64_t eventsReceived = 0;    // streamed notifications (stream scenario)
    std::uint64_t eventBytes = 0;        // their JSON-RPC text bytes
    SequenceSummary sequences;
    std::vector<double> sessionEventRates;  // events per second of each finished stream
    std::map<std::string, std::uint64_t> failureReasons;
    Clock::time_point firstCallAt = Clock::time_point::max();
    Clock::time_point lastReplyAt = Clock::time_point::min();
    Clock::time_point lastSessionOpenedAt = Clock::time_point::min();

    void noteFailure(std::string_view reason);
    // Everything that makes a run's figures untrustworthy: failed calls, replies to unknown
    // ids, failed sessions, and streamed events lost, duplicated, reordered or unexpected.
    std::uint64_t errorCount() const;
    void merge(const RunStats& other);
};

}  // namespace mcp::bench
