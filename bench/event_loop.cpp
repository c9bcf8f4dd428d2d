// EventLoop: epoll_wait dispatch, bounded to a fixed batch of events per call.
#include "bench/event_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

namespace mcp::bench {

EventLoop::EventLoop() : epollFd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epollFd_ < 0) throw std::runtime_error("epoll_create1 failed");
}

EventLoop::~EventLoop() { close(epollFd_); }

bool EventLoop::watch(int fd, IoHandler* handler) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = handler;
    return epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void EventLoop::unwatch(int fd) { epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr); }

int EventLoop::pollOnce(std::chrono::milliseconds timeout) {
    std::array<epoll_event, 512> events;
    const int waitMs = deferred_.empty() ? static_cast<int>(timeout.count()) : 0;
    const int ready = epoll_wait(epollFd_, events.data(), static_cast<int>(events.size()), waitMs);
    for (int i = 0; i < ready; ++i)
        static_cast<IoHandler*>(events[i].data.ptr)->onIoReady(events[i].events);
    resuming_.swap(deferred_);
    for (IoHandler* handler : resuming_) handler->onDeferredRead();
    const int resumed = static_cast<int>(resuming_.size());
    resuming_.clear();
    return (ready < 0 ? 0 : ready) + resumed;
}

}  // namespace mcp::bench
