// SseParser: an incremental parser for server-sent events that follows the WHATWG
// "event stream interpretation" rules exactly (EV-1, EV-2, EV-5, EV-6, EV-7).
//
// Bytes may arrive split at any boundary; the parser keeps partial lines between
// feeds. Handles LF, CR and CRLF line ends (a CR at the end of one chunk followed by
// LF at the start of the next is one line end), a leading UTF-8 BOM, comment lines,
// multi-line data, `event`, `id` (ignored when it contains NUL), `retry` (digits
// only), dispatch on a blank line and no event for an empty data buffer.
//
//   mcp::SseParser parser;
//   for (auto& chunk : chunks)
//     parser.feed(chunk, [](const mcp::SseEvent& e) { use(e.type, e.data); });
//
// Hostile input is bounded: a line or event larger than the limit puts the parser in
// an overflow state; it then ignores all further input and reports overflowed().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp {

// One dispatched event.
struct SseEvent {
    std::string type = "message";           // `event:` field, "message" when absent or empty
    std::string data;                       // `data:` lines joined with LF, final LF removed
    std::string lastEventId;                // the stream's last event id at dispatch time
    std::optional<std::string> idField;     // the `id:` value set within this event, if any
    std::optional<std::uint64_t> retryMs;   // a valid `retry:` seen within this event, if any
    bool operator==(const SseEvent&) const = default;
};

class SseParser {
public:
    static constexpr std::size_t kDefaultMaxEventBytes = 16 * 1024 * 1024;

    explicit SseParser(std::size_t maxEventBytes = kDefaultMaxEventBytes);

    using EventSink = std::function<void(const SseEvent&)>;

    // Consumes bytes and calls onEvent for every event completed by them.
    void feed(std::string_view bytes, const EventSink& onEvent);
    // Convenience: returns the events completed by these bytes.
    std::vector<SseEvent> feed(std::string_view bytes);

    // The stream's last event id (persists across events, per WHATWG).
    const std::string& lastEventId() const { return lastEventId_; }
    // The most recent valid reconnection time, if any was sent.
    std::optional<std::uint64_t> reconnectionTimeMs() const { return reconnectionTimeMs_; }
    // True when bytes of an unterminated line or undispatched field data are held:
    // at end of stream this means the final event was never terminated (EV-2).
    bool hasPendingEvent() const;
    // Count of comment lines seen (keep-alives).
    std::size_t commentCount() const { return commentCount_; }
    // True once a line or event exceeded the limit; input is ignored from then on.
    bool overflowed() const { return overflowed_; }
    // Total bytes consumed so far.
    std::uint64_t bytesConsumed() const { return bytesConsumed_; }

private:
    void processLine(std::string_view line, const EventSink& onEvent);
    void dispatch(const EventSink& onEvent);

    std::size_t maxEventBytes_;
    std::string line_;            // bytes of the current, unterminated line
    bool lastWasCR_ = false;      // previous chunk ended with CR: skip a leading LF
    bool bomChecked_ = false;     // leading BOM handling done
    std::string bomPrefix_;       // partial leading BOM bytes seen so far
    std::string dataBuffer_;
    std::string eventType_;
    std::optional<std::string> idField_;
    std::optional<std::uint64_t> retryField_;
    bool fieldsSeen_ = false;     // any field line since the last dispatch
    std::string lastEventId_;
    std::optional<std::uint64_t> reconnectionTimeMs_;
    std::size_t commentCount_ = 0;
    bool overflowed_ = false;
    std::uint64_t bytesConsumed_ = 0;
};

}  // namespace mcp
