// One timer thread with a deadline-ordered queue.
#include "reference-server/timer_queue.h"

namespace mcp::server {

TimerQueue::TimerQueue(std::size_t maxPending) : maxPending_(maxPending), thread_([this] { run(); }) {}

TimerQueue::~TimerQueue() { stop(); }

bool TimerQueue::schedule(std::chrono::milliseconds delay, std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= maxPending_) return false;
        queue_.emplace(std::make_pair(Clock::now() + delay, sequence_++), std::move(work));
    }
    wake_.notify_one();
    return true;
}

void TimerQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
    std::lock_guard lock(mutex_);
    queue_.clear();
}

std::size_t TimerQueue::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void TimerQueue::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (queue_.empty()) {
            wake_.wait(lock);
            continue;
        }
        auto next = queue_.begin();
        if (next->first.first > Clock::now()) {
            wake_.wait_until(lock, next->first.first);
            continue;
        }
        auto work = std::move(next->second);
        queue_.erase(next);
        lock.unlock();
        try {
            work();
        } catch (...) {
            // A failing step must not stop every other session's timers.
        }
        work = nullptr;  // release what it captured before taking the lock again
        lock.lock();
    }
}

}  // namespace mcp::server
