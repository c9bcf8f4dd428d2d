// EventLoop: a thin epoll wrapper for mcp-bench's client threads. One loop per thread; each
// registered file descriptor carries the IoHandler that its readiness events go to.
//
//   mcp::bench::EventLoop loop;
//   loop.watch(fd, &connection);          // edge-triggered read + write readiness
//   while (!done && Clock::now() < deadline) loop.pollOnce(10ms);
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace mcp::bench {

using Clock = std::chrono::steady_clock;

class IoHandler {
public:
    virtual ~IoHandler() = default;
    virtual void onIoReady(std::uint32_t epollEvents) = 0;
    // Called after the current batch when the handler asked for more time via defer().
    virtual void onDeferredRead() = 0;
};

class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    bool watch(int fd, IoHandler* handler);   // EPOLLIN | EPOLLOUT | EPOLLRDHUP, edge-triggered
    void unwatch(int fd);
    // Waits at most `timeout` and dispatches the ready events; returns how many.
    int pollOnce(std::chrono::milliseconds timeout);
    // A handler that stopped reading before EAGAIN (to be fair to other sockets) is resumed
    // after the current batch; with edge-triggered epoll it would otherwise never be woken.
    void defer(IoHandler* handler) { deferred_.push_back(handler); }

private:
    int epollFd_ = -1;
    std::vector<IoHandler*> deferred_;
    std::vector<IoHandler*> resuming_;
};

}  // namespace mcp::bench
