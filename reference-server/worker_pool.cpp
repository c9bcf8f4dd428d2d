// WorkerPool: a bounded task queue served by a fixed set of threads (see worker_pool.h).
#include "reference-server/worker_pool.h"

#include <algorithm>

namespace mcp::server {

WorkerPool::WorkerPool(std::size_t threads, std::size_t maxQueued, Poco::Logger& logger)
    : maxQueued_(maxQueued), logger_(logger) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::submit(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= maxQueued_) return false;
        queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    dropped.clear();
    for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
}

void WorkerPool::work() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            logger_.error("worker task threw: %s", std::string(e.what()));
        } catch (...) {
            logger_.error("worker task threw a non-standard exception");
        }
    }
}

}  // namespace mcp::server
