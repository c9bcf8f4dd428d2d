// LatencyHistogram: a fixed-size log-linear histogram of durations in nanoseconds, for
// percentiles without keeping every sample (bounded memory at any call rate).
//
//   mcp::bench::LatencyHistogram h;
//   h.record(1'250'000);                 // 1.25 ms
//   h.percentile(99.0);                  // within ~1.6 % of the true value; exact below 64 ns
//
// 64 sub-buckets per power of two; min, max, count and mean are exact.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace mcp::bench {

class LatencyHistogram {
public:
    static constexpr int kSubBucketBits = 6;
    static constexpr std::uint64_t kSubBuckets = 1u << kSubBucketBits;
    static constexpr std::size_t kBucketCount = (64 - kSubBucketBits + 1) * kSubBuckets;

    void record(std::uint64_t nanos);
    void merge(const LatencyHistogram& other);

    std::uint64_t count() const { return count_; }
    std::uint64_t min() const { return count_ ? min_ : 0; }
    std::uint64_t max() const { return max_; }
    double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }
    // The value at or below which `percent` of the samples lie (nearest rank), 0 when empty.
    std::uint64_t percentile(double percent) const;

    static std::size_t bucketIndex(std::uint64_t nanos);
    static std::uint64_t bucketLowerBound(std::size_t index);
    static std::uint64_t bucketUpperBound(std::size_t index);  // inclusive

private:
    std::array<std::uint64_t, kBucketCount> counts_{};
    std::uint64_t count_ = 0;
    std::uint64_t min_ = UINT64_MAX;
    std::uint64_t max_ = 0;
    // A 128-bit sum cannot overflow; __extension__ marks the GCC/Clang type as intended under -Wpedantic.
    __extension__ using Sum = unsigned __int128;
    Sum sum_ = 0;
};

}  // namespace mcp::bench
