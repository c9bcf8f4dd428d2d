// RunStats: failure bookkeeping and the cross-thread merge.
#include "bench/run_stats.h"

#include <algorithm>

namespace mcp::bench {

void RunStats::noteFailure(std::string_view reason) {
    constexpr std::size_t kMaxDistinctReasons = 32;  // hostile servers cannot grow this map
    auto it = failureReasons.find(std::string(reason));
    if (it != failureReasons.end()) ++it->second;
    else if (failureReasons.size() < kMaxDistinctReasons) failureReasons.emplace(reason, 1);
    else ++failureReasons["(other)"];
}

std::uint64_t RunStats::errorCount() const {
    return callErrors + unknownReplies + sessionsFailed + sequences.lost + sequences.duplicates + sequences.reordered +
           sequences.unexpected;
}

void RunStats::merge(const RunStats& other) {
    callLatency.merge(other.callLatency);
    firstEventLatency.merge(other.firstEventLatency);
    callsOk += other.callsOk;
    callErrors += other.callErrors;
    unknownReplies += other.unknownReplies;
    sessionsOpened += other.sessionsOpened;
    sessionsFailed += other.sessionsFailed;
    eventsReceived += other.eventsReceived;
    eventBytes += other.eventBytes;
    sequences.merge(other.sequences);
    sessionEventRates.insert(sessionEventRates.end(), other.sessionEventRates.begin(), other.sessionEventRates.end());
    for (const auto& [reason, count] : other.failureReasons) failureReasons[reason] += count;
    firstCallAt = std::min(firstCallAt, other.firstCallAt);
    lastReplyAt = std::max(lastReplyAt, other.lastReplyAt);
    lastSessionOpenedAt = std::max(lastSessionOpenedAt, other.lastSessionOpenedAt);
}

}  // namespace mcp::bench
