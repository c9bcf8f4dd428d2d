// ConnectionLoop: epoll dispatch, the posted-task inbox, deadlines and contained failures.
#include "reference-server/connection_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

namespace mcp::server {

// Tasks posted from other threads, and the eventfd that wakes the loop for them; tasks the
// loop thread posts to itself go to `local`, with neither lock nor wake-up.
struct LoopPoster::Inbox {
    explicit Inbox(Poco::Logger& log) : logger(log) {}
    ~Inbox() {
        if (eventFd >= 0) ::close(eventFd);
    }
    bool onLoopThread() const { return loopThread.load(std::memory_order_relaxed) == std::this_thread::get_id(); }
    Poco::Logger& logger;
    std::mutex mutex;
    std::vector<std::function<void()>> tasks;
    int eventFd = -1;
    std::atomic<bool> open{true};
    std::atomic<std::thread::id> loopThread{};  // the thread in runOnce(), while it runs the loop
    std::vector<std::function<void()>> local;   // loop thread only
};

namespace {

constexpr std::uint64_t kInboxKey = ~std::uint64_t{0};
constexpr std::size_t kEventBatch = 256;
// Deadlines handled per iteration: when thousands fall due together (connections opened in
// one burst go idle together), I/O of the others is served between the batches.
constexpr std::size_t kTimersPerIteration = 128;

class SteadyLoopClock : public LoopClock {
public:
    LoopTime now() const override { return std::chrono::steady_clock::now(); }
};

std::uint64_t packKey(std::uint32_t slot, std::uint32_t generation) {
    return (static_cast<std::uint64_t>(generation) << 32) | slot;
}

}  // namespace

const LoopClock& steadyLoopClock() {
    static const SteadyLoopClock clock;
    return clock;
}

bool LoopPoster::post(std::function<void()> task) const {
    if (!inbox_) return false;
    if (inbox_->onLoopThread()) {
        if (!inbox_->open) return false;
        inbox_->local.push_back(std::move(task));
        return true;
    }
    bool wasEmpty = false;
    {
        std::lock_guard lock(inbox_->mutex);
        if (!inbox_->open) return false;
        wasEmpty = inbox_->tasks.empty();
        inbox_->tasks.push_back(std::move(task));
        if (!wasEmpty) return true;
        // Written under the lock: the descriptor stays open while the inbox is open.
        std::uint64_t one = 1;
        if (::write(inbox_->eventFd, &one, sizeof one) < 0 && errno != EAGAIN)
            inbox_->logger.error("event loop wake-up failed: %s", std::string(std::strerror(errno)));
    }
    return true;
}

bool LoopPoster::postTo(LoopKey key, std::function<void(LoopHandler&)> task, std::function<void()> ifGone) const {
    ConnectionLoop* loop = loop_;
    return post([loop, key, task = std::move(task), ifGone = std::move(ifGone)] {
        if (loop->find(key)) loop->dispatch(key, task, "task");
        else if (ifGone) ifGone();
    });
}

ConnectionLoop::ConnectionLoop(Poco::Logger& logger, const LoopClock& clock)
    : logger_(logger), clock_(clock), inbox_(std::make_shared<Inbox>(logger)) {
    epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epollFd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
    inbox_->eventFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (inbox_->eventFd < 0) {
        int error = errno;
        ::close(epollFd_);
        throw std::system_error(error, std::generic_category(), "eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kInboxKey;
    if (::epoll_ctl(epollFd_, EPOLL_CTL_ADD, inbox_->eventFd, &ev) != 0) {
        int error = errno;
        ::close(epollFd_);
        throw std::system_error(error, std::generic_category(), "epoll_ctl(eventfd)");
    }
}

ConnectionLoop::~ConnectionLoop() {
    shutdown();
    ::close(epollFd_);
}

void ConnectionLoop::shutdown() {
    std::vector<std::function<void()>> dropped;
    {
        std::lock_guard lock(inbox_->mutex);
        inbox_->open = false;
        dropped.swap(inbox_->tasks);
    }
    dropped.clear();
    inbox_->local.clear();
    for (LoopKey key : keys()) remove(key);
    graveyard_.clear();
}

ConnectionLoop::Slot* ConnectionLoop::slotOf(LoopKey key) {
    auto index = static_cast<std::uint32_t>(key.value & 0xffffffffu);
    auto generation = static_cast<std::uint32_t>(key.value >> 32);
    if (generation == 0 || index >= slots_.size()) return nullptr;
    Slot& slot = slots_[index];
    return slot.handler && slot.generation == generation ? &slot : nullptr;
}

const ConnectionLoop::Slot* ConnectionLoop::slotOf(LoopKey key) const {
    return const_cast<ConnectionLoop*>(this)->slotOf(key);
}

LoopKey ConnectionLoop::add(int fd, std::unique_ptr<LoopHandler> handler, std::uint32_t events) {
    std::uint32_t index;
    if (!freeSlots_.empty()) {
        index = freeSlots_.back();
        freeSlots_.pop_back();
    } else {
        index = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    }
    Slot& slot = slots_[index];
    if (++slot.generation == 0) slot.generation = 1;
    LoopKey key{packKey(index, slot.generation)};
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = key.value;
    if (::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
        logger_.error("event loop cannot watch descriptor %d: %s", fd, std::string(std::strerror(errno)));
        freeSlots_.push_back(index);
        graveyard_.push_back(std::move(handler));  // closes fd after this dispatch
        return {};
    }
    slot.handler = std::move(handler);
    slot.fd = fd;
    ++live_;
    return key;
}

bool ConnectionLoop::setEvents(LoopKey key, std::uint32_t events) {
    Slot* slot = slotOf(key);
    if (!slot) return false;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = key.value;
    if (::epoll_ctl(epollFd_, EPOLL_CTL_MOD, slot->fd, &ev) != 0) {
        logger_.error("event loop cannot change events of descriptor %d: %s", slot->fd, std::string(std::strerror(errno)));
        return false;
    }
    return true;
}

void ConnectionLoop::remove(LoopKey key) {
    Slot* slot = slotOf(key);
    if (!slot) return;
    if (::epoll_ctl(epollFd_, EPOLL_CTL_DEL, slot->fd, nullptr) != 0 && errno != ENOENT && errno != EBADF)
        logger_.error("event loop cannot unwatch descriptor %d: %s", slot->fd, std::string(std::strerror(errno)));
    freeSlot(*slot, static_cast<std::uint32_t>(key.value & 0xffffffffu));
}

void ConnectionLoop::freeSlot(Slot& slot, std::uint32_t index) {
    if (slot.timer != LoopTime::max()) timers_.erase({slot.timer, packKey(index, slot.generation)});
    slot.timer = LoopTime::max();
    graveyard_.push_back(std::move(slot.handler));
    slot.fd = -1;
    freeSlots_.push_back(index);
    --live_;
}

LoopHandler* ConnectionLoop::find(LoopKey key) const {
    const Slot* slot = slotOf(key);
    return slot ? slot->handler.get() : nullptr;
}

std::vector<LoopKey> ConnectionLoop::keys() const {
    std::vector<LoopKey> out;
    for (std::uint32_t i = 0; i < slots_.size(); ++i)
        if (slots_[i].handler) out.push_back({packKey(i, slots_[i].generation)});
    return out;
}

void ConnectionLoop::setTimer(LoopKey key, LoopTime when) {
    Slot* slot = slotOf(key);
    if (!slot || slot->timer == when) return;
    if (slot->timer != LoopTime::max()) timers_.erase({slot->timer, key.value});
    slot->timer = when;
    if (when != LoopTime::max()) timers_.insert({when, key.value});
}

void ConnectionLoop::stop() {
    stopping_ = true;
    std::lock_guard lock(inbox_->mutex);
    std::uint64_t one = 1;
    if (inbox_->open && ::write(inbox_->eventFd, &one, sizeof one) < 0 && errno != EAGAIN)
        logger_.error("event loop wake-up failed: %s", std::string(std::strerror(errno)));
}

bool ConnectionLoop::run() {
    bool ok = true;
    while (ok && !stopping_) ok = runOnce(std::chrono::seconds(1));
    inbox_->loopThread.store(std::thread::id(), std::memory_order_relaxed);  // later posts take the inbox
    return ok;
}

void ConnectionLoop::dispatch(LoopKey key, const std::function<void(LoopHandler&)>& call, const char* what) {
    Slot* slot = slotOf(key);
    if (!slot) return;
    try {
        call(*slot->handler);
    } catch (const std::exception& e) {
        logger_.error("connection closed: its %s threw: %s", std::string(what), std::string(e.what()));
        remove(key);
    } catch (...) {
        logger_.error("connection closed: its %s threw a non-standard exception", std::string(what));
        remove(key);
    }
}

bool ConnectionLoop::runOnce(std::chrono::milliseconds maxWait) {
    inbox_->loopThread.store(std::this_thread::get_id(), std::memory_order_relaxed);
    int timeoutMs = inbox_->local.empty() ? static_cast<int>(maxWait.count()) : 0;
    if (!timers_.empty()) {
        auto until = timers_.begin()->first - now();
        auto ms = std::chrono::ceil<std::chrono::milliseconds>(until).count();
        timeoutMs = static_cast<int>(std::clamp<long long>(ms, 0, timeoutMs));
    }
    std::array<epoll_event, kEventBatch> events;
    int n = ::epoll_wait(epollFd_, events.data(), static_cast<int>(events.size()), timeoutMs);
    if (n < 0) {
        if (errno == EINTR) return true;
        logger_.critical("event loop: epoll_wait failed: %s", std::string(std::strerror(errno)));
        return false;
    }
    for (int i = 0; i < n; ++i) {
        std::uint64_t key = events[i].data.u64;
        if (key == kInboxKey) {
            std::uint64_t count = 0;
            if (::read(inbox_->eventFd, &count, sizeof count) < 0 && errno != EAGAIN)
                logger_.error("event loop: reading its eventfd failed: %s", std::string(std::strerror(errno)));
            continue;
        }
        std::uint32_t mask = events[i].events;
        dispatch(LoopKey{key}, [mask](LoopHandler& h) { h.onEvents(mask); }, "event handler");
    }
    // Deadlines before posted tasks: a task posted after the clock moved (a test's fence)
    // sees what the deadlines did.
    fireTimers();
    drainInbox();
    graveyard_.clear();
    return true;
}

void ConnectionLoop::drainInbox() {
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(inbox_->mutex);
        tasks.swap(inbox_->tasks);
    }
    runTasks(tasks);
    // Then the loop's own; what they post waits for the next iteration (which does not block).
    std::vector<std::function<void()>> own;
    own.swap(inbox_->local);
    runTasks(own);
    own.clear();
    if (inbox_->local.empty()) own.swap(inbox_->local);  // keeps its capacity
}

void ConnectionLoop::runTasks(std::vector<std::function<void()>>& tasks) {
    for (auto& task : tasks) {
        try {
            task();
        } catch (const std::exception& e) {
            logger_.error("event loop task threw: %s", std::string(e.what()));
        } catch (...) {
            logger_.error("event loop task threw a non-standard exception");
        }
    }
}

void ConnectionLoop::fireTimers() {
    LoopTime current = now();
    // Bounded: only timers already due when the pass started (a handler may re-arm), and at most
    // kTimersPerIteration of them; the rest are due at once in the next iteration.
    std::vector<LoopKey> due;
    for (auto it = timers_.begin(); it != timers_.end() && it->first <= current && due.size() < kTimersPerIteration; ++it)
        due.push_back({it->second});
    for (LoopKey key : due) {
        Slot* slot = slotOf(key);
        if (!slot || slot->timer > current) continue;
        timers_.erase({slot->timer, key.value});
        slot->timer = LoopTime::max();
        dispatch(key, [](LoopHandler& h) { h.onTimer(); }, "timer");
    }
}

}  // namespace mcp::server
