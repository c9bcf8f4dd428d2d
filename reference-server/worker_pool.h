// WorkerPool: the fixed set of threads that do the server's work (MCP dispatch, tools), never
// wait on a socket. Its queue is bounded: submit() returns false when it is full, and the
// caller refuses the request (503) rather than queueing without limit. A task that throws is
// logged and the worker goes on.
//
//   WorkerPool pool(4, 1024, logger);
//   if (!pool.submit([] { work(); })) refuse();
#pragma once

#include <Poco/Logger.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mcp::server {

class WorkerPool {
public:
    WorkerPool(std::size_t threads, std::size_t maxQueued, Poco::Logger& logger);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool has stopped.
    bool submit(std::function<void()> task);
    // Lets running tasks finish, drops queued ones, and joins the threads.
    void stop();
    std::size_t threadCount() const { return threads_.size(); }

private:
    void work();

    const std::size_t maxQueued_;
    Poco::Logger& logger_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace mcp::server
