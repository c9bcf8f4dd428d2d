// Tests for LatencyHistogram: exact small values, bounded error, percentiles and merge.
#include "bench/latency_histogram.h"

#include <gtest/gtest.h>

namespace mcp::bench {

TEST(LatencyHistogram, EmptyReportsZeros) {
    LatencyHistogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.percentile(50), 0u);
    EXPECT_EQ(h.max(), 0u);
    EXPECT_EQ(h.min(), 0u);
}

TEST(LatencyHistogram, SmallValuesAreExact) {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 10; ++v) h.record(v);
    EXPECT_EQ(h.percentile(50), 5u);
    EXPECT_EQ(h.percentile(90), 9u);
    EXPECT_EQ(h.percentile(100), 10u);
    EXPECT_EQ(h.min(), 1u);
    EXPECT_DOUBLE_EQ(h.mean(), 5.5);
}

TEST(LatencyHistogram, BucketBoundsContainTheirValues) {
    for (std::uint64_t v : {0ull, 63ull, 64ull, 65ull, 1000ull, 123456789ull, 1ull << 40, ~0ull}) {
        const auto index = LatencyHistogram::bucketIndex(v);
        ASSERT_LT(index, LatencyHistogram::kBucketCount);
        EXPECT_LE(LatencyHistogram::bucketLowerBound(index), v);
        EXPECT_GE(LatencyHistogram::bucketUpperBound(index), v);
    }
}

TEST(LatencyHistogram, LargeValuesWithinTwoPercent) {
    LatencyHistogram h;
    for (std::uint64_t i = 1; i <= 1000; ++i) h.record(i * 1'000'000);  // 1 ms .. 1 s
    const double p99 = static_cast<double>(h.percentile(99));
    EXPECT_NEAR(p99, 990e6, 990e6 * 0.02);
    const double p50 = static_cast<double>(h.percentile(50));
    EXPECT_NEAR(p50, 500e6, 500e6 * 0.02);
    EXPECT_EQ(h.max(), 1'000'000'000u);
}

TEST(LatencyHistogram, PercentileNeverOutsideRecordedRange) {
    LatencyHistogram h;
    h.record(1'000'001);
    EXPECT_EQ(h.percentile(0), 1'000'001u);
    EXPECT_EQ(h.percentile(100), 1'000'001u);
}

TEST(LatencyHistogram, MergeAddsCountsAndKeepsExtremes) {
    LatencyHistogram a, b;
    a.record(10);
    b.record(20);
    b.record(5);
    a.merge(b);
    EXPECT_EQ(a.count(), 3u);
    EXPECT_EQ(a.min(), 5u);
    EXPECT_EQ(a.max(), 20u);
    EXPECT_EQ(a.percentile(50), 10u);
}

}  // namespace mcp::bench
