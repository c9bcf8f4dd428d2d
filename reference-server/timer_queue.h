// TimerQueue: runs work after a delay, on one thread of its own, so that nothing else ever
// sleeps or blocks to wait: deferred tool steps and timeouts of server-to-client requests
// are scheduled here (SessionChannel::after). Work runs in deadline order; work still
// pending at stop() is dropped. The number of pending entries is capped (schedule() then
// refuses), so a flood of timers cannot grow memory without bound.
//
//   TimerQueue timers;
//   timers.schedule(50ms, [] { /* runs on the timer thread */ });
//   timers.stop();   // also done by the destructor
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace mcp::server {

class TimerQueue {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kDefaultMaxPending = 100'000;

    explicit TimerQueue(std::size_t maxPending = kDefaultMaxPending);
    ~TimerQueue();
    TimerQueue(const TimerQueue&) = delete;
    TimerQueue& operator=(const TimerQueue&) = delete;

    // False when stopped or full (the work is then dropped).
    bool schedule(std::chrono::milliseconds delay, std::function<void()> work);
    void stop();
    std::size_t pending() const;

private:
    void run();

    std::size_t maxPending_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::multimap<std::pair<Clock::time_point, std::uint64_t>, std::function<void()>> queue_;
    std::uint64_t sequence_ = 0;  // keeps equal deadlines in scheduling order
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace mcp::server
