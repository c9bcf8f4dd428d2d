// ConnectionLoop on socketpairs, driven one iteration at a time by the test thread: keys
// that outlive their registration find nothing (even after the descriptor number is reused),
// deadlines follow a manual clock, posted tasks arrive from other threads, and a throwing
// handler is removed while the loop goes on.
#include "reference-server/connection_loop.h"

#include <gtest/gtest.h>

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

struct Pair {
    int mine = -1, theirs = -1;
    Pair() {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            mine = fds[0];
            theirs = fds[1];
        }
    }
    ~Pair() {
        if (theirs >= 0) ::close(theirs);
    }
};

// Records what the loop tells it; owns (and closes) its descriptor.
class RecordingHandler : public LoopHandler {
public:
    RecordingHandler(int fd, int* events, int* timers, bool* destroyed) : fd_(fd), events_(events), timers_(timers), destroyed_(destroyed) {}
    ~RecordingHandler() override {
        ::close(fd_);
        if (destroyed_) *destroyed_ = true;
    }
    void onEvents(std::uint32_t mask) override {
        if (throwOnEvent) throw std::runtime_error("handler bug");
        char sink[64];
        while (::read(fd_, sink, sizeof sink) > 0) {
        }
        if (events_) ++*events_;
        lastMask = mask;
    }
    void onTimer() override {
        if (timers_) ++*timers_;
    }
    bool throwOnEvent = false;
    std::uint32_t lastMask = 0;

private:
    int fd_;
    int* events_;
    int* timers_;
    bool* destroyed_;
};

Poco::Logger& quietLogger() {
    static Poco::Logger& logger = [] () -> Poco::Logger& {
        auto& l = Poco::Logger::get("connection-loop-test");
        l.setLevel("none");
        return l;
    }();
    return logger;
}

TEST(ConnectionLoop, DeliversReadinessToTheRegisteredHandler) {
    ManualClock clock;
    ConnectionLoop loop(quietLogger(), clock);
    Pair pair;
    int events = 0;
    LoopKey key = loop.add(pair.mine, std::make_unique<RecordingHandler>(pair.mine, &events, nullptr, nullptr), EPOLLIN);
    ASSERT_TRUE(key.valid());
    ASSERT_EQ(::write(pair.theirs, "x", 1), 1);
    loop.runOnce(1s);
    EXPECT_EQ(events, 1);
    EXPECT_EQ(loop.size(), 1u);
}

TEST(ConnectionLoop, AStaleKeyFindsNothingEvenWhenTheDescriptorNumberIsReused) {
    ManualClock clock;
    ConnectionLoop loop(quietLogger(), clock);
    Pair first;
    int oldEvents = 0, newEvents = 0;
    bool oldGone = false;
    LoopKey old = loop.add(first.mine, std::make_unique<RecordingHandler>(first.mine, &oldEvents, nullptr, &oldGone), EPOLLIN);
    loop.remove(old);
    EXPECT_EQ(loop.find(old), nullptr);
    EXPECT_FALSE(oldGone) << "a removed handler lives until the current dispatch ends";
    loop.runOnce(0ms);
    EXPECT_TRUE(oldGone);

    Pair second;  // very likely gets the descriptor number just freed
    LoopKey fresh = loop.add(second.mine, std::make_unique<RecordingHandler>(second.mine, &newEvents, nullptr, nullptr), EPOLLIN);
    ASSERT_TRUE(fresh.valid());
    EXPECT_NE(fresh, old);
    EXPECT_EQ(loop.find(old), nullptr);

    bool stranger = false, gone = false;
    loop.postTo(old, [&](LoopHandler&) { stranger = true; }, [&] { gone = true; });
    loop.setTimer(old, clock.now());
    loop.runOnce(0ms);
    EXPECT_FALSE(stranger) << "a task for the old connection reached the new one";
    EXPECT_TRUE(gone);
    EXPECT_EQ(newEvents, 0);
}

TEST(ConnectionLoop, DeadlinesFollowTheClockInOrder) {
    ManualClock clock;
    ConnectionLoop loop(quietLogger(), clock);
    Pair a, b;
    int timersA = 0, timersB = 0;
    LoopKey ka = loop.add(a.mine, std::make_unique<RecordingHandler>(a.mine, nullptr, &timersA, nullptr), EPOLLIN);
    LoopKey kb = loop.add(b.mine, std::make_unique<RecordingHandler>(b.mine, nullptr, &timersB, nullptr), EPOLLIN);
    loop.setTimer(ka, clock.now() + 10s);
    loop.setTimer(kb, clock.now() + 20s);
    loop.runOnce(0ms);
    EXPECT_EQ(timersA + timersB, 0);
    clock.advance(10s);
    loop.runOnce(0ms);
    EXPECT_EQ(timersA, 1);
    EXPECT_EQ(timersB, 0);
    loop.setTimer(kb, LoopTime::max());  // cleared
    clock.advance(1h);
    loop.runOnce(0ms);
    EXPECT_EQ(timersA, 1) << "a timer fires once";
    EXPECT_EQ(timersB, 0);
}

TEST(ConnectionLoop, ManyDeadlinesDueTogetherAreHandledInBatches) {
    ManualClock clock;
    ConnectionLoop loop(quietLogger(), clock);
    std::vector<Pair> pairs(300);
    int timers = 0;
    for (auto& pair : pairs) {
        LoopKey key = loop.add(pair.mine, std::make_unique<RecordingHandler>(pair.mine, nullptr, &timers, nullptr), EPOLLIN);
        loop.setTimer(key, clock.now() + 1s);
    }
    clock.advance(1s);
    loop.runOnce(0ms);
    EXPECT_GT(timers, 0);
    EXPECT_LT(timers, 300) << "one iteration handled every deadline: other sockets waited for all of them";
    for (int i = 0; i < 10 && timers < 300; ++i) loop.runOnce(100s);  // due deadlines: no waiting
    EXPECT_EQ(timers, 300);
}

TEST(ConnectionLoop, TasksPostedFromAnotherThreadWakeTheLoop) {
    ConnectionLoop loop(quietLogger());
    std::atomic<int> ran{0};
    std::thread poster([&] {
        for (int i = 0; i < 100; ++i) loop.post([&] { ++ran; });
    });
    poster.join();
    // Nothing else is registered and no deadline is set: without the eventfd's wake-up this
    // one iteration would wait out its whole bound and run nothing.
    loop.runOnce(100s);
    EXPECT_EQ(ran.load(), 100);
}

TEST(ConnectionLoop, AThrowingHandlerIsRemovedAndTheLoopGoesOn) {
    ManualClock clock;
    ConnectionLoop loop(quietLogger(), clock);
    Pair bad, good;
    int goodEvents = 0;
    bool badGone = false;
    auto probe = std::make_unique<RecordingHandler>(bad.mine, nullptr, nullptr, &badGone);
    probe->throwOnEvent = true;
    LoopKey badKey = loop.add(bad.mine, std::move(probe), EPOLLIN);
    loop.add(good.mine, std::make_unique<RecordingHandler>(good.mine, &goodEvents, nullptr, nullptr), EPOLLIN);
    ASSERT_EQ(::write(bad.theirs, "x", 1), 1);
    ASSERT_EQ(::write(good.theirs, "x", 1), 1);
    loop.runOnce(1s);
    EXPECT_TRUE(badGone);
    EXPECT_EQ(loop.find(badKey), nullptr);
    EXPECT_EQ(goodEvents, 1);
    loop.post([] { throw std::runtime_error("task bug"); });
    loop.runOnce(0ms);  // contained as well
    EXPECT_EQ(loop.size(), 1u);
}

TEST(ConnectionLoop, PostsAfterShutdownAreRefusedAndHarmless) {
    auto loop = std::make_unique<ConnectionLoop>(quietLogger());
    LoopPoster poster = loop->poster();
    loop->shutdown();
    EXPECT_FALSE(poster.post([] {}));
    loop.reset();
    EXPECT_FALSE(poster.post([] {})) << "a poster outliving its loop drops the task";
}

TEST(ConnectionLoop, RefusesADescriptorEpollCannotWatch) {
    ConnectionLoop loop(quietLogger());
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ::close(fds[1]);
    int regular = ::dup(fds[0]);
    ::close(fds[0]);
    ::close(regular);  // now invalid: epoll_ctl fails with EBADF
    bool destroyed = false;
    int invalid = regular;
    LoopKey key = loop.add(invalid, std::make_unique<RecordingHandler>(-1, nullptr, nullptr, &destroyed), EPOLLIN);
    EXPECT_FALSE(key.valid());
    loop.runOnce(0ms);
    EXPECT_TRUE(destroyed);
    EXPECT_EQ(loop.size(), 0u);
}

}  // namespace
}  // namespace mcp::server
