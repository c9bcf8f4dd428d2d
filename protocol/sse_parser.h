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
// feedViews delivers the same events as views: an event whose single data line and `event:`
// line lie whole in the bytes fed is passed without being copied at all (the hot path of a
// client reading a stream); feed copies into an SseEvent whose buffers are reused from event
// to event. Neither allocates per event once its buffers are warm.
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

// The same event as views, valid only during the sink call.
struct SseEventView {
    std::string_view type;
    std::string_view data;
    std::string_view lastEventId;
    std::optional<std::string_view> idField;
    std::optional<std::uint64_t> retryMs;
};

// Copies a view into an event, reusing the event's buffers.
void copyInto(const SseEventView& view, SseEvent& event);

class SseParser {
public:
    static constexpr std::size_t kDefaultMaxEventBytes = 16 * 1024 * 1024;

    explicit SseParser(std::size_t maxEventBytes = kDefaultMaxEventBytes);

    using EventSink = std::function<void(const SseEvent&)>;
    using EventViewSink = std::function<void(const SseEventView&)>;

    // Consumes bytes and calls onEvent for every event completed by them. The event passed
    // is the parser's own and valid only during the call (copy what must outlive it).
    void feed(std::string_view bytes, const EventSink& onEvent);
    // The same, delivering views (no copy of the data when it is one line within `bytes`).
    void feedViews(std::string_view bytes, const EventViewSink& onEvent);
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
    // A field's text: a view of the bytes being fed while it lies whole in them, else (and
    // always between feeds) a copy in a buffer that keeps its capacity from event to event.
    class FieldText {
    public:
        std::string_view view() const { return view_; }
        void set(std::string_view text, bool inInput);
        void appendLine(std::string_view text);  // LF, then `text` (always into the copy)
        void keepBeyondInput();                  // copies a view of the bytes being fed
        void clear();

    private:
        std::string_view view_;
        std::string buffer_;
    };

    // The parse itself, for any callable taking `const SseEventView&`: feed and feedViews
    // each get their own, with the sink inlined.
    template <typename Sink>
    void parse(std::string_view bytes, Sink& onEvent);
    void skipBom(std::string_view& bytes);
    // A non-blank line (a comment or a field). `inInput`: the line is a view into the bytes
    // being fed (not into line_).
    void processLine(std::string_view line, bool inInput);
    void checkEventSize();
    template <typename Sink>
    void dispatch(Sink& onEvent);

    std::size_t maxEventBytes_;
    std::string line_;            // bytes of the current, unterminated line
    bool lastWasCR_ = false;      // previous chunk ended with CR: skip a leading LF
    bool bomChecked_ = false;     // leading BOM handling done
    std::string bomPrefix_;       // partial leading BOM bytes seen so far
    bool hasData_ = false;        // a data line was seen in this event
    FieldText data_;              // the data lines seen so far, joined with LF
    FieldText eventType_;         // the `event:` value, empty when none
    bool hasIdField_ = false;     // an `id:` (without NUL) was set within this event
    std::string idField_;         // its value
    std::optional<std::uint64_t> retryField_;
    bool fieldsSeen_ = false;     // any field line since the last dispatch
    std::string lastEventId_;
    SseEvent event_;              // the event feed() delivers, reused so buffers are kept
    std::optional<std::uint64_t> reconnectionTimeMs_;
    std::size_t commentCount_ = 0;
    bool overflowed_ = false;
    std::uint64_t bytesConsumed_ = 0;
};

}  // namespace mcp
