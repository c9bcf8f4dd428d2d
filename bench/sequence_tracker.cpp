// SequenceTracker: per-stream loss / duplicate / reorder accounting.
#include "bench/sequence_tracker.h"

namespace mcp::bench {

SequenceTracker::SequenceTracker(std::uint64_t expected)
    : expected_(expected), seen_(static_cast<std::size_t>(expected) + 1, false) {}

void SequenceTracker::observe(std::int64_t sequence) {
    if (sequence < 0 || static_cast<std::uint64_t>(sequence) > expected_) {
        ++unexpected_;
        return;
    }
    auto slot = seen_[static_cast<std::size_t>(sequence)];
    if (slot) {
        ++duplicates_;
        return;
    }
    slot = true;
    ++distinct_;
    if (sequence < highest_) ++reordered_;
    else highest_ = sequence;
}

void SequenceSummary::add(const SequenceTracker& tracker) {
    expected += tracker.expected();
    received += tracker.distinct();
    lost += tracker.lost();
    duplicates += tracker.duplicates();
    reordered += tracker.reordered();
    unexpected += tracker.unexpected();
}

void SequenceSummary::merge(const SequenceSummary& other) {
    expected += other.expected;
    received += other.received;
    lost += other.lost;
    duplicates += other.duplicates;
    reordered += other.reordered;
    unexpected += other.unexpected;
}

}  // namespace mcp::bench
