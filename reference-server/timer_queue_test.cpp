// TimerQueue: deadline order, work scheduled from work, the pending cap, and stop() dropping
// what has not run. Fences (futures) order the test, never sleeps.
#include "reference-server/timer_queue.h"

#include <gtest/gtest.h>

#include <future>
#include <vector>

namespace mcp::server {
namespace {

using namespace std::chrono_literals;

TEST(TimerQueue, RunsWorkInDeadlineOrderIncludingWorkItSchedules) {
    TimerQueue timers;
    std::vector<int> order;  // touched only on the timer thread until the fence
    std::promise<void> done;
    timers.schedule(20ms, [&] { order.push_back(2); });
    timers.schedule(0ms, [&] {
        order.push_back(1);
        timers.schedule(40ms, [&] {
            order.push_back(3);
            done.set_value();
        });
    });
    done.get_future().wait();
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(TimerQueue, StopDropsPendingWorkAndRefusesMore) {
    bool ran = false;
    {
        TimerQueue timers;
        EXPECT_TRUE(timers.schedule(std::chrono::hours(1), [&] { ran = true; }));
        EXPECT_EQ(timers.pending(), 1u);
        timers.stop();
        EXPECT_EQ(timers.pending(), 0u);
        EXPECT_FALSE(timers.schedule(0ms, [&] { ran = true; }));
    }
    EXPECT_FALSE(ran);
}

TEST(TimerQueue, IsBounded) {
    TimerQueue timers(1);
    EXPECT_TRUE(timers.schedule(std::chrono::hours(1), [] {}));
    EXPECT_FALSE(timers.schedule(std::chrono::hours(1), [] {}));
}

TEST(TimerQueue, SurvivesThrowingWork) {
    TimerQueue timers;
    std::promise<void> done;
    EXPECT_TRUE(timers.schedule(0ms, [] { throw std::runtime_error("step failed"); }));
    EXPECT_TRUE(timers.schedule(0ms, [&] { done.set_value(); }));
    done.get_future().wait();
}

}  // namespace
}  // namespace mcp::server
