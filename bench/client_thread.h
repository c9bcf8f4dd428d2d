// ClientThread: one event loop with its share of mcp-bench's sessions. It starts sessions at
// a bounded rate (at most connectBurst setting up at once, so the server's accept backlog is
// not overrun), times out stuck setups, and stops when the scenario's work is done or the
// deadline passes.
#pragma once

#include "bench/event_loop.h"
#include "bench/mcp_client_session.h"
#include "bench/run_stats.h"

#include <atomic>
#include <memory>
#include <vector>

namespace mcp::bench {

class ClientThread {
public:
    ClientThread(const SessionPlan& plan, std::uint32_t sessionCount, std::uint64_t callQuota,
                 std::uint32_t connectBurst, TransportKind transport);

    // Runs until the work is done, `deadline` passes, or `stopRequested` is set; then waits
    // (at most the plan's setup timeout) for replies to the calls already sent.
    void run(Clock::time_point deadline, const std::atomic<bool>& stopRequested);

    RunStats& stats() { return stats_; }
    LiveCounters& live() { return live_; }
    // This thread's CPU time (user + system) and wall time over run(), known once it returned.
    double cpuSeconds() const { return cpuSeconds_; }
    double wallSeconds() const { return wallSeconds_; }

private:
    bool workDone() const;
    void startMoreSessions();
    bool awaitingReplies() const;

    const SessionPlan& plan_;
    std::uint32_t connectBurst_;
    EventLoop loop_;
    ThreadControl control_;
    RunStats stats_;
    LiveCounters live_;
    std::vector<std::unique_ptr<McpClientSession>> sessions_;
    std::size_t nextToStart_ = 0;
    double cpuSeconds_ = 0;
    double wallSeconds_ = 0;
};

}  // namespace mcp::bench
