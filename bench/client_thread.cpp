// ClientThread: the per-thread run loop.
#include "bench/client_thread.h"

#include "bench/legacy_sse_session.h"
#include "bench/process_probe.h"
#include "bench/streamable_http_session.h"

#include <algorithm>

namespace mcp::bench {

ClientThread::ClientThread(const SessionPlan& plan, std::uint32_t sessionCount, std::uint64_t callQuota,
                           std::uint32_t connectBurst, TransportKind transport)
    : plan_(plan), connectBurst_(std::max<std::uint32_t>(connectBurst, 1)) {
    control_.callQuota = callQuota;
    sessions_.reserve(sessionCount);
    for (std::uint32_t i = 0; i < sessionCount; ++i) {
        if (transport == TransportKind::LegacySse)
            sessions_.push_back(std::make_unique<LegacySseSession>(loop_, plan_, control_, stats_, live_));
        else
            sessions_.push_back(std::make_unique<StreamableHttpSession>(loop_, plan_, control_, stats_, live_));
    }
}

void ClientThread::startMoreSessions() {
    while (nextToStart_ < sessions_.size() && control_.setupsInProgress < connectBurst_)
        sessions_[nextToStart_++]->start();
}

bool ClientThread::workDone() const {
    if (nextToStart_ < sessions_.size() || control_.setupsInProgress > 0) return false;
    switch (plan_.scenario) {
    case Scenario::Roundtrip:
        return control_.callsIssued >= control_.callQuota && stats_.callsOk + stats_.callErrors >= control_.callsIssued;
    case Scenario::Stream:
        return std::all_of(sessions_.begin(), sessions_.end(), [](const auto& s) { return s->settled(); });
    case Scenario::Connections:
    case Scenario::Exhaustion:  // runs on its own (exhaustion_run.h), never here
        return false;  // holds until the deadline
    }
    return true;
}

bool ClientThread::awaitingReplies() const {
    return std::any_of(sessions_.begin(), sessions_.end(), [](const auto& s) { return s->awaitingReplies(); });
}

void ClientThread::run(Clock::time_point deadline, const std::atomic<bool>& stopRequested) {
    constexpr auto kTimeoutScanInterval = std::chrono::milliseconds(100);
    const Clock::time_point startedAt = Clock::now();
    const double cpuAtStart = ownThreadCpuSeconds();
    Clock::time_point nextTimeoutScan = Clock::now() + kTimeoutScanInterval;
    startMoreSessions();
    while (!stopRequested.load(std::memory_order_relaxed)) {
        const Clock::time_point now = Clock::now();
        if (now >= deadline || workDone()) break;
        loop_.pollOnce(std::chrono::milliseconds(10));
        if (now >= nextTimeoutScan) {
            nextTimeoutScan = now + kTimeoutScanInterval;
            for (std::size_t i = 0; i < nextToStart_; ++i) sessions_[i]->checkSetupTimeout(now);
        }
        startMoreSessions();
    }
    // Nothing new is sent now, but the calls already sent are owed a reply: wait for them, at
    // most the setup timeout; finish() counts those that never came as errors.
    control_.stopping = true;
    const Clock::time_point drainUntil = Clock::now() + plan_.setupTimeout;
    while (!stopRequested.load(std::memory_order_relaxed) && Clock::now() < drainUntil && awaitingReplies())
        loop_.pollOnce(std::chrono::milliseconds(10));
    for (auto& session : sessions_) session->finish();
    cpuSeconds_ = ownThreadCpuSeconds() - cpuAtStart;
    wallSeconds_ = std::chrono::duration<double>(Clock::now() - startedAt).count();
}

}  // namespace mcp::bench
