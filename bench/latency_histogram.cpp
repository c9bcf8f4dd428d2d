// LatencyHistogram: log-linear bucketing (see the header for precision).
#include "bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mcp::bench {

std::size_t LatencyHistogram::bucketIndex(std::uint64_t nanos) {
    if (nanos < kSubBuckets) return static_cast<std::size_t>(nanos);
    const int exponent = 63 - std::countl_zero(nanos);  // >= kSubBucketBits
    const std::uint64_t sub = (nanos >> (exponent - kSubBucketBits)) & (kSubBuckets - 1);
    return static_cast<std::size_t>((exponent - kSubBucketBits + 1) * kSubBuckets + sub);
}

std::uint64_t LatencyHistogram::bucketLowerBound(std::size_t index) {
    if (index < kSubBuckets) return index;
    const int exponent = static_cast<int>(index / kSubBuckets) + kSubBucketBits - 1;
    const std::uint64_t sub = index % kSubBuckets;
    return (kSubBuckets + sub) << (exponent - kSubBucketBits);
}

std::uint64_t LatencyHistogram::bucketUpperBound(std::size_t index) {
    if (index < kSubBuckets) return index;
    const int exponent = static_cast<int>(index / kSubBuckets) + kSubBucketBits - 1;
    const std::uint64_t width = std::uint64_t{1} << (exponent - kSubBucketBits);
    return bucketLowerBound(index) + (width - 1);
}

void LatencyHistogram::record(std::uint64_t nanos) {
    ++counts_[bucketIndex(nanos)];
    ++count_;
    min_ = std::min(min_, nanos);
    max_ = std::max(max_, nanos);
    sum_ += nanos;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

std::uint64_t LatencyHistogram::percentile(double percent) const {
    if (count_ == 0) return 0;
    const double clamped = std::clamp(percent, 0.0, 100.0);
    auto rank = static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            // Middle of the bucket, but never outside what was actually recorded.
            const std::uint64_t low = bucketLowerBound(i);
            const std::uint64_t mid = low + (bucketUpperBound(i) - low) / 2;
            return std::clamp(mid, min_, max_);
        }
    }
    return max_;
}

}  // namespace mcp::bench
