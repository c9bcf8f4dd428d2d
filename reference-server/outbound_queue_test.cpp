// OutboundQueue without sockets: the limit, lazy producers, finishing, closing, the waker
// hand-off and the byte gauge; concurrent pushes and closes for the sanitizers.
#include "reference-server/outbound_queue.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace mcp::server {
namespace {

using Reason = OutboundQueue::CloseReason;
using Take = OutboundQueue::TakeStatus;

TEST(OutboundQueue, PushesArriveInOrderAndCountUntilWritten) {
    std::atomic<std::int64_t> gauge{0};
    OutboundQueue queue(100, &gauge);
    EXPECT_TRUE(queue.push("one "));
    EXPECT_TRUE(queue.push("two "));
    std::string out;
    EXPECT_EQ(queue.take(out), Take::Open);
    EXPECT_EQ(out, "one two ");
    EXPECT_EQ(queue.queuedBytes(), 8u) << "taken but unwritten bytes still count";
    EXPECT_EQ(gauge.load(), 8);
    queue.written(5);
    EXPECT_EQ(queue.queuedBytes(), 3u);
    queue.written(3);
    EXPECT_EQ(queue.queuedBytes(), 0u);
    EXPECT_EQ(gauge.load(), 0);
}

TEST(OutboundQueue, APushPastTheLimitClosesTheQueueAsReaderTooSlow) {
    std::atomic<std::int64_t> gauge{0};
    OutboundQueue queue(10, &gauge);
    std::vector<Reason> reasons;
    queue.onClose([&](Reason why) { reasons.push_back(why); });
    EXPECT_TRUE(queue.push("12345"));
    std::string out;
    queue.take(out);  // unwritten: still counts against the limit
    EXPECT_TRUE(queue.push("67890"));
    EXPECT_FALSE(queue.push("x"));
    EXPECT_TRUE(queue.closed());
    EXPECT_FALSE(queue.push("y"));
    ASSERT_EQ(reasons, std::vector<Reason>{Reason::ReaderTooSlow}) << "the handler runs exactly once";
    EXPECT_EQ(queue.queuedBytes(), 0u);
    EXPECT_EQ(gauge.load(), 0) << "a closed queue releases its bytes from the gauge";
    EXPECT_EQ(queue.take(out), Take::Closed);
}

TEST(OutboundQueue, ProducersRunInOrderOnlyWhenNothingIsPending) {
    OutboundQueue queue(1 << 20);
    int firstCalls = 0;
    queue.addProducer([&](std::string& out) {
        out += "a" + std::to_string(firstCalls);
        return ++firstCalls < 3;
    });
    queue.addProducer([](std::string& out) {
        out += "b";
        return false;
    });
    queue.push("p");
    std::string out;
    queue.take(out);
    EXPECT_EQ(out, "p") << "pushed bytes are handed out before a producer runs";
    EXPECT_EQ(firstCalls, 0);
    std::string all;
    for (int i = 0; i < 10; ++i) {
        queue.written(out.size());
        all += out;
        out.clear();
        queue.take(out);
    }
    EXPECT_EQ(all, "pa0a1a2b") << "the second producer starts after the first one finished";
}

TEST(OutboundQueue, AProducerRunsOnlyWhileLittleIsUnwritten) {
    OutboundQueue queue(1 << 30);
    std::size_t produced = 0;
    queue.addProducer([&](std::string& out) {
        out.append(OutboundQueue::kProducerChunk, 'x');
        produced += OutboundQueue::kProducerChunk;
        return true;  // endless
    });
    std::string out;
    for (int i = 0; i < 100; ++i) queue.take(out);  // a socket that accepts nothing
    EXPECT_EQ(produced, OutboundQueue::kProducerChunk) << "an unread stream must not be produced ahead";
    queue.written(out.size());
    out.clear();
    queue.take(out);
    EXPECT_EQ(produced, 2 * OutboundQueue::kProducerChunk);
}

TEST(OutboundQueue, FinishEndsAfterProducersAndRefusesMore) {
    OutboundQueue queue(1024);
    queue.addProducer([](std::string& out) {
        out += "last";
        return false;
    });
    queue.finish();
    EXPECT_FALSE(queue.push("late"));
    EXPECT_FALSE(queue.addProducer([](std::string&) { return false; }));
    std::string out;
    EXPECT_EQ(queue.take(out), Take::Finished);
    EXPECT_EQ(out, "last");
    EXPECT_FALSE(queue.closed()) << "the consumer closes it once the bytes are written";
}

TEST(OutboundQueue, AThrowingProducerClosesTheQueueInsteadOfEscaping) {
    OutboundQueue queue(1024);
    std::vector<Reason> reasons;
    queue.onClose([&](Reason why) { reasons.push_back(why); });
    queue.addProducer([](std::string&) -> bool { throw std::runtime_error("tool failed"); });
    std::string out;
    EXPECT_EQ(queue.take(out), Take::Closed);
    EXPECT_EQ(reasons, std::vector<Reason>{Reason::ProducerFailed});
}

TEST(OutboundQueue, TheWakerRunsOncePerTakeAndOnClose) {
    OutboundQueue queue(1024);
    int wakes = 0;
    queue.setWaker([&] { ++wakes; });
    queue.push("a");
    queue.push("b");
    EXPECT_EQ(wakes, 1) << "the consumer has not taken the first news yet";
    std::string out;
    queue.take(out);
    queue.push("c");
    EXPECT_EQ(wakes, 2);
    queue.close(Reason::Deleted);
    EXPECT_EQ(wakes, 3) << "a close always wakes the consumer";
    queue.setWaker({});
}

TEST(OutboundQueue, OnCloseAfterTheCloseRunsAtOnceWithTheFirstReason) {
    OutboundQueue queue(1024);
    queue.close(Reason::Evicted);
    queue.close(Reason::PeerClosed);
    Reason seen = Reason::Finished;
    queue.onClose([&](Reason why) { seen = why; });
    EXPECT_EQ(seen, Reason::Evicted);
}

TEST(OutboundQueue, ConcurrentPushesAndACloseKeepTheAccounting) {
    std::atomic<std::int64_t> gauge{0};
    auto queue = std::make_shared<OutboundQueue>(64 * 1024, &gauge);
    std::atomic<int> closes{0};
    queue->onClose([&](Reason) { ++closes; });
    std::vector<std::thread> producers;
    for (int t = 0; t < 4; ++t)
        producers.emplace_back([queue] {
            for (int i = 0; i < 2000 && queue->push("0123456789abcdef"); ++i) {
            }
        });
    std::string out;
    for (int i = 0; i < 200; ++i) {
        out.clear();
        if (queue->take(out) == Take::Closed) break;
        queue->written(out.size());
    }
    queue->close(Reason::Deleted);
    for (auto& p : producers) p.join();
    EXPECT_EQ(closes.load(), 1);
    EXPECT_EQ(gauge.load(), 0);
}

TEST(OutboundQueue, OwesBytesWhileBytesOrProducersWaitAndNotOnceClosed) {
    OutboundQueue queue(1024);
    EXPECT_FALSE(queue.owesBytes());
    queue.push("data");
    EXPECT_TRUE(queue.owesBytes());
    std::string out;
    queue.take(out);
    EXPECT_TRUE(queue.owesBytes()) << "taken is not yet written";
    queue.written(out.size());
    EXPECT_FALSE(queue.owesBytes());
    queue.addProducer([](std::string& more) {
        more += "x";
        return true;
    });
    EXPECT_TRUE(queue.owesBytes());
    queue.close(OutboundQueue::CloseReason::PeerClosed);
    EXPECT_FALSE(queue.owesBytes()) << "a closed stream delivers nothing more";
}

}  // namespace
}  // namespace mcp::server
