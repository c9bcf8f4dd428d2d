// Fuzz target: SseParser (protocol/sse_parser.h), the first reader of every event stream the
// suite receives. Properties:
//   1. Feeding the stream whole, byte by byte, or cut at fuzz-chosen boundaries yields the
//      same events and the same end state (last event id, retry, pending bytes, overflow).
//   2. feedViews, fed in chunks, delivers the same events as feed.
//   3. Every event re-encoded with the server's SSE encoder parses back to the same type and
//      data (the encoder and the parser agree).
// Input: byte 0 picks the cut pattern and the size limit; the rest is the stream.
#include "fuzz/fuzz_support.h"
#include "protocol/sse_encoder.h"
#include "protocol/sse_parser.h"

#include <string>
#include <vector>

namespace {

using mcp::SseEvent;
using mcp::SseParser;
using mcp::fuzz::ChunkSizes;
using mcp::fuzz::FuzzInput;

struct ParseOutcome {
    std::vector<SseEvent> events;
    std::string lastEventId;
    std::optional<std::uint64_t> reconnectionTimeMs;
    bool pending = false;
    bool overflowed = false;
    std::size_t comments = 0;
    std::uint64_t bytes = 0;
    bool operator==(const ParseOutcome&) const = default;
};

ParseOutcome finish(SseParser& parser, std::vector<SseEvent> events) {
    // After an overflow the parser freezes mid-feed: the byte count and the partial line it
    // holds depend on where the stream was cut, so those two are compared for healthy
    // streams only. The events before the overflow must still agree.
    bool healthy = !parser.overflowed();
    return {std::move(events), parser.lastEventId(), parser.reconnectionTimeMs(), healthy && parser.hasPendingEvent(),
            parser.overflowed(), parser.commentCount(), healthy ? parser.bytesConsumed() : 0};
}

template <typename NextChunkSize>
ParseOutcome parseInChunks(std::string_view stream, std::size_t limit, NextChunkSize nextChunkSize) {
    SseParser parser(limit);
    std::vector<SseEvent> events;
    auto sink = [&](const SseEvent& e) { events.push_back(e); };
    while (!stream.empty()) {
        auto n = std::min(nextChunkSize(), stream.size());
        parser.feed(stream.substr(0, n), sink);
        stream.remove_prefix(n);
    }
    return finish(parser, std::move(events));
}

std::vector<SseEvent> parseViewsInChunks(std::string_view stream, std::size_t limit, ChunkSizes& cuts) {
    SseParser parser(limit);
    std::vector<SseEvent> events;
    while (!stream.empty()) {
        auto n = std::min(cuts.next(), stream.size());
        parser.feedViews(stream.substr(0, n), [&](const mcp::SseEventView& v) {
            copyInto(v, events.emplace_back());
        });
        stream.remove_prefix(n);
    }
    return events;
}

void checkEncoderRoundTrip(const SseEvent& event) {
    // The encoder drops NUL from event names (EV-5); such names cannot round-trip.
    if (event.type.find('\0') != std::string::npos) return;
    std::string encoded = mcp::encodeSseEvent({.event = event.type, .data = event.data});
    SseParser parser;
    auto reparsed = parser.feed(encoded);
    FUZZ_CHECK(reparsed.size() == 1, "an encoded event did not parse back as exactly one event");
    FUZZ_CHECK(reparsed[0].type == event.type, "event type changed through encode -> parse");
    FUZZ_CHECK(reparsed[0].data == event.data, "event data changed through encode -> parse");
    FUZZ_CHECK(!parser.hasPendingEvent(), "an encoded event left bytes pending");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    std::uint8_t mode = in.takeByte();
    std::string_view stream = in.rest();
    // Half of the inputs use a tiny limit so the overflow state is reached and compared too.
    std::size_t limit = (mode & 0x80) ? 64 : SseParser::kDefaultMaxEventBytes;

    ParseOutcome whole = parseInChunks(stream, limit, [&] { return stream.size(); });
    ParseOutcome byteByByte = parseInChunks(stream, limit, [] { return std::size_t{1}; });
    ChunkSizes cuts(mode, (mode & 0x0f) + 1);
    ParseOutcome chunked = parseInChunks(stream, limit, [&] { return cuts.next(); });

    ChunkSizes viewCuts(mode, (mode & 0x0f) + 1);
    FUZZ_CHECK(parseViewsInChunks(stream, limit, viewCuts) == whole.events, "feedViews and feed disagree");
    FUZZ_CHECK(whole == byteByByte, "byte-by-byte feeding changed the parse");
    FUZZ_CHECK(whole == chunked, "feeding in chunks changed the parse");
    FUZZ_CHECK(whole.overflowed || whole.bytes == stream.size(), "bytesConsumed differs from the bytes fed");
    for (const auto& event : whole.events) checkEncoderRoundTrip(event);
    return 0;
}
