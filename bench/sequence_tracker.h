// SequenceTracker: accounts for the sequence numbers of one stream of `expected` events
// (numbered 0 .. expected-1 or 1 .. expected; both are accepted) and reports what was lost,
// duplicated, reordered or unexpected.
//
//   mcp::bench::SequenceTracker t(3);
//   t.observe(0); t.observe(2); t.observe(1); t.observe(1);
//   // t.lost() == 0, t.duplicates() == 1, t.reordered() == 1
//
// A reordered event is one that arrives after an event with a higher number (counted
// once, on its first arrival). Memory is one bit per expected event.
#pragma once

#include <cstdint>
#include <vector>

namespace mcp::bench {

class SequenceTracker {
public:
    explicit SequenceTracker(std::uint64_t expected = 0);

    void observe(std::int64_t sequence);

    std::uint64_t expected() const { return expected_; }
    std::uint64_t distinct() const { return distinct_; }
    std::uint64_t lost() const { return expected_ > distinct_ ? expected_ - distinct_ : 0; }
    std::uint64_t duplicates() const { return duplicates_; }
    std::uint64_t reordered() const { return reordered_; }
    std::uint64_t unexpected() const { return unexpected_; }  // outside 0 .. expected

private:
    std::uint64_t expected_;
    std::vector<bool> seen_;
    std::uint64_t distinct_ = 0;
    std::uint64_t duplicates_ = 0;
    std::uint64_t reordered_ = 0;
    std::uint64_t unexpected_ = 0;
    std::int64_t highest_ = -1;
};

// Sums of several trackers' findings (one tracker per stream).
struct SequenceSummary {
    std::uint64_t expected = 0;
    std::uint64_t received = 0;  // distinct events
    std::uint64_t lost = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t reordered = 0;
    std::uint64_t unexpected = 0;

    void add(const SequenceTracker& tracker);
    void merge(const SequenceSummary& other);
};

}  // namespace mcp::bench
