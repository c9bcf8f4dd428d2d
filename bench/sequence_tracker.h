// SequenceTracker: accounts for the sequence numbers of one stream of `expected` events
// (numbered 0 .. expected-1 or 1 .. expected: servers number from either) and reports what was
// lost, duplicated, reordered or unexpected. The numbering is told by the stream itself: from
// 0 when a 0 arrived, else from 1; so in a stream from 0, `expected` is one too many.
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
    std::uint64_t distinct() const { return distinct_ - oneTooMany(); }  // within the stream's numbering
    std::uint64_t lost() const { return expected_ > distinct() ? expected_ - distinct() : 0; }
    std::uint64_t duplicates() const { return duplicates_; }
    std::uint64_t reordered() const { return reordered_; }
    // Outside the stream's numbering: below 0 or above `expected`, or `expected` itself in a
    // stream numbered from 0 (counted once however often it came).
    std::uint64_t unexpected() const { return unexpected_ + oneTooMany(); }

private:
    // 1 when both 0 and `expected` arrived: a stream from 0 has no event `expected`.
    std::uint64_t oneTooMany() const { return seen_.front() && seen_.back() ? 1 : 0; }

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
