// LoopClock: where the server's deadlines read the time (connection deadlines, keep-alive
// comments, session idleness). Production uses steadyLoopClock(); tests use a ManualClock and
// move time by hand, so that no test waits for a timeout to pass in real time.
//
//   ManualClock clock;
//   ReferenceServer server(config, clock);
//   clock.advance(config.headTimeout);   // then let the loop run (ReferenceServer::onLoop)
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace mcp::server {

using LoopTime = std::chrono::steady_clock::time_point;

class LoopClock {
public:
    virtual ~LoopClock() = default;
    virtual LoopTime now() const = 0;
};

const LoopClock& steadyLoopClock();

// A clock that stands still until advanced; safe to read from any thread.
class ManualClock : public LoopClock {
public:
    LoopTime now() const override { return start_ + std::chrono::nanoseconds(offset_.load()); }
    void advance(std::chrono::steady_clock::duration by) {
        offset_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(by).count());
    }

private:
    const LoopTime start_ = std::chrono::steady_clock::now();
    std::atomic<std::int64_t> offset_{0};
};

}  // namespace mcp::server
