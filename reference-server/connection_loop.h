// ConnectionLoop: one of the server's event loops, an epoll thread that owns its sockets from
// accept to close (the server runs --loops of them, ReferenceServer). Each registered descriptor has a handler and a LoopKey (a slot and a
// generation): epoll events, timers and tasks posted from other threads name that key, so
// anything addressed to a connection that has gone, even one whose descriptor number the
// kernel has since reused, finds nothing instead of a stranger. Each handler has at most
// one deadline, read from an injectable clock so that tests can move time by hand.
// A handler or task that throws is contained: it is logged and its handler removed.
//
//   ConnectionLoop loop(logger);
//   LoopKey key = loop.add(fd, std::make_unique<MyHandler>(...), EPOLLIN);
//   loop.setTimer(key, loop.now() + 10s);
//   loop.post([&loop, key] { if (auto* h = loop.find(key)) ...; });   // from any thread
//   std::thread t([&] { loop.run(); });  ...  loop.stop(); t.join();
#pragma once

#include "reference-server/loop_clock.h"

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mcp::server {

// Names one registration of a handler; never reused for another one.
struct LoopKey {
    std::uint64_t value = 0;
    bool valid() const { return value != 0; }
    friend bool operator==(LoopKey, LoopKey) = default;
};

class ConnectionLoop;
class LoopHandler;

// Posts to a loop from any thread; safe to keep and call after the loop has gone (the task is
// then dropped). Queue wakers hold one of these.
class LoopPoster {
public:
    LoopPoster() = default;
    bool post(std::function<void()> task) const;
    // A task for one handler: if the key has gone, `ifGone` runs instead (on the loop thread);
    // if the task throws, the handler is removed. False when the loop no longer takes tasks.
    bool postTo(LoopKey key, std::function<void(LoopHandler&)> task, std::function<void()> ifGone = {}) const;

private:
    friend class ConnectionLoop;
    struct Inbox;
    LoopPoster(std::shared_ptr<Inbox> inbox, ConnectionLoop* loop) : inbox_(std::move(inbox)), loop_(loop) {}
    std::shared_ptr<Inbox> inbox_;
    ConnectionLoop* loop_ = nullptr;   // only dereferenced by tasks, which run on the loop thread
};

class LoopHandler {
public:
    virtual ~LoopHandler() = default;
    // Readiness from epoll (EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLHUP, EPOLLERR).
    virtual void onEvents(std::uint32_t events) = 0;
    // The deadline set with setTimer() has passed (the timer is cleared first).
    virtual void onTimer() = 0;
};

class ConnectionLoop {
public:
    explicit ConnectionLoop(Poco::Logger& logger, const LoopClock& clock = steadyLoopClock());
    ~ConnectionLoop();
    ConnectionLoop(const ConnectionLoop&) = delete;
    ConnectionLoop& operator=(const ConnectionLoop&) = delete;

    // --- Loop thread only (or before run() starts). ---
    // Registers `fd` (level-triggered) with `events`; an invalid key when epoll refuses it
    // (the handler is then destroyed). The handler owns the descriptor.
    LoopKey add(int fd, std::unique_ptr<LoopHandler> handler, std::uint32_t events);
    // Changes the events of a registration; false (logged) when epoll refuses.
    bool setEvents(LoopKey key, std::uint32_t events);
    // Unregisters; the handler is destroyed after the current dispatch, never during it.
    void remove(LoopKey key);
    LoopHandler* find(LoopKey key) const;
    // One deadline per handler; LoopTime::max() clears it.
    void setTimer(LoopKey key, LoopTime when);
    LoopTime now() const { return clock_.now(); }
    const LoopClock& clock() const { return clock_; }
    std::size_t size() const { return live_; }
    // Every live handler (for shutdown and bookkeeping).
    std::vector<LoopKey> keys() const;

    // Removes every handler and drops posted tasks that have not run; later posts are dropped.
    // Called after run() returned (or instead of it); the destructor does it too.
    void shutdown();

    // --- Any thread. A task posted from the loop thread itself is queued without a lock or a
    // wake-up and runs in the same iteration, after the events and deadlines. ---
    LoopPoster poster() const { return LoopPoster(inbox_, const_cast<ConnectionLoop*>(this)); }
    bool post(std::function<void()> task) const { return poster().post(std::move(task)); }
    bool postTo(LoopKey key, std::function<void(LoopHandler&)> task, std::function<void()> ifGone = {}) const {
        return poster().postTo(key, std::move(task), std::move(ifGone));
    }
    // Makes run() return after the current iteration.
    void stop();

    // Runs until stop(). Returns false when epoll itself failed (logged).
    bool run();
    // One iteration: waits at most `maxWait` (less if a deadline is nearer). Tests drive this.
    bool runOnce(std::chrono::milliseconds maxWait);

private:
    struct Slot {
        std::unique_ptr<LoopHandler> handler;
        std::uint32_t generation = 0;
        int fd = -1;
        LoopTime timer = LoopTime::max();
    };
    friend class LoopPoster;
    using Inbox = LoopPoster::Inbox;

    Slot* slotOf(LoopKey key);
    const Slot* slotOf(LoopKey key) const;
    void dispatch(LoopKey key, const std::function<void(LoopHandler&)>& call, const char* what);
    void freeSlot(Slot& slot, std::uint32_t index);
    void drainInbox();
    void runTasks(std::vector<std::function<void()>>& tasks);
    void fireTimers();

    Poco::Logger& logger_;
    const LoopClock& clock_;
    int epollFd_ = -1;
    std::shared_ptr<Inbox> inbox_;
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> freeSlots_;
    std::size_t live_ = 0;
    std::set<std::pair<LoopTime, std::uint64_t>> timers_;
    std::vector<std::unique_ptr<LoopHandler>> graveyard_;
    std::atomic<bool> stopping_{false};
};

}  // namespace mcp::server
