// Tests for SequenceTracker: lost, duplicated, reordered and unexpected events.
#include "bench/sequence_tracker.h"

#include <gtest/gtest.h>

#include <vector>

namespace mcp::bench {

TEST(SequenceTracker, InOrderStreamIsClean) {
    SequenceTracker t(5);
    for (int i = 0; i < 5; ++i) t.observe(i);
    EXPECT_EQ(t.distinct(), 5u);
    EXPECT_EQ(t.lost(), 0u);
    EXPECT_EQ(t.duplicates(), 0u);
    EXPECT_EQ(t.reordered(), 0u);
}

TEST(SequenceTracker, AcceptsOneBasedNumbering) {
    SequenceTracker t(3);
    for (int i = 1; i <= 3; ++i) t.observe(i);
    EXPECT_EQ(t.lost(), 0u);
    EXPECT_EQ(t.unexpected(), 0u);
}

TEST(SequenceTracker, TellsTheNumberingFromTheStream) {
    struct Row {
        const char* what;
        std::uint64_t expected;
        std::vector<std::int64_t> observed;
        std::uint64_t distinct, lost, unexpected;
    };
    const Row rows[] = {
        {"from 0, the last event late", 3, {0, 2, 1}, 3, 0, 0},
        {"from 1, the last event late", 3, {1, 3, 2}, 3, 0, 0},
        {"from 0, one event too many", 3, {0, 1, 2, 3}, 3, 0, 1},  // 3 does not belong
        {"from 1, events missing", 4, {2, 4}, 2, 2, 0},
        {"none expected", 0, {0, 1}, 0, 0, 2},
    };
    for (const Row& row : rows) {
        SequenceTracker t(row.expected);
        for (std::int64_t n : row.observed) t.observe(n);
        EXPECT_EQ(t.distinct(), row.distinct) << row.what;
        EXPECT_EQ(t.lost(), row.lost) << row.what;
        EXPECT_EQ(t.unexpected(), row.unexpected) << row.what;
    }
}

TEST(SequenceTracker, CountsLostEvents) {
    SequenceTracker t(10);
    t.observe(0);
    t.observe(5);
    EXPECT_EQ(t.lost(), 8u);
}

TEST(SequenceTracker, CountsDuplicatesOnceEach) {
    SequenceTracker t(3);
    t.observe(0);
    t.observe(0);
    t.observe(0);
    t.observe(1);
    EXPECT_EQ(t.duplicates(), 2u);
    EXPECT_EQ(t.distinct(), 2u);
}

TEST(SequenceTracker, CountsLateArrivalsAsReordered) {
    SequenceTracker t(4);
    t.observe(0);
    t.observe(3);
    t.observe(1);
    t.observe(2);
    EXPECT_EQ(t.reordered(), 2u);
    EXPECT_EQ(t.lost(), 0u);
}

TEST(SequenceTracker, DuplicateOfEarlierEventIsNotAlsoReordered) {
    SequenceTracker t(3);
    t.observe(0);
    t.observe(2);
    t.observe(0);
    EXPECT_EQ(t.duplicates(), 1u);
    EXPECT_EQ(t.reordered(), 0u);
}

TEST(SequenceTracker, OutOfRangeIsUnexpected) {
    SequenceTracker t(2);
    t.observe(-1);
    t.observe(3);
    t.observe(1'000'000);
    EXPECT_EQ(t.unexpected(), 3u);
    EXPECT_EQ(t.lost(), 2u);
}

TEST(SequenceSummary, AddsTrackersAndMerges) {
    SequenceTracker a(2), b(3);
    a.observe(0);
    b.observe(0);
    b.observe(0);
    SequenceSummary s;
    s.add(a);
    s.add(b);
    EXPECT_EQ(s.expected, 5u);
    EXPECT_EQ(s.received, 2u);
    EXPECT_EQ(s.lost, 3u);
    EXPECT_EQ(s.duplicates, 1u);
    SequenceSummary total;
    total.merge(s);
    total.merge(s);
    EXPECT_EQ(total.expected, 10u);
}

}  // namespace mcp::bench
