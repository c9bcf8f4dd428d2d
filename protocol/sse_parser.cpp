// SseParser: incremental WHATWG "event stream interpretation" with bounded memory.
// The last-event-id buffer of the spec is idField_ when set, else lastEventId_.
#include "protocol/sse_parser.h"

#include "protocol/line_end.h"

#include <cstring>
#include <limits>
#include <utility>

namespace mcp {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Base-ten value of an all-digit string, saturating at UINT64_MAX.
std::uint64_t parseDigits(std::string_view s) {
    constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t value = 0;
    for (char c : s) {
        auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (kMax - digit) / 10) return kMax;
        value = value * 10 + digit;
    }
    return value;
}

enum class Field { kData, kEvent, kId, kRetry, kOther };

// True when the line's field name is `name` (the line is the name alone or the name and a
// colon). The name's length is a constant, so the comparison compiles to a load or two.
template <std::size_t N>
bool hasFieldName(std::string_view line, const char (&name)[N]) {
    constexpr std::size_t size = N - 1;
    return line.size() >= size && std::memcmp(line.data(), name, size) == 0 && (line.size() == size || line[size] == ':');
}

// Splits a non-empty, non-comment line into its field and value (the value without the one
// space that may follow the colon). The line's first byte picks the one field name of the
// four the parser acts on that it can be, sparing a search for the colon on almost every line.
Field splitField(std::string_view line, std::string_view& value) {
    Field field = Field::kOther;
    std::size_t nameSize = 0;
    switch (line.front()) {
    case 'd': if (hasFieldName(line, "data")) field = Field::kData, nameSize = 4; break;
    case 'e': if (hasFieldName(line, "event")) field = Field::kEvent, nameSize = 5; break;
    case 'i': if (hasFieldName(line, "id")) field = Field::kId, nameSize = 2; break;
    case 'r': if (hasFieldName(line, "retry")) field = Field::kRetry, nameSize = 5; break;
    default: break;
    }
    std::size_t colon = field == Field::kOther ? line.find(':') : nameSize;
    value = colon >= line.size() ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return field;
}

}  // namespace

SseParser::SseParser(std::size_t maxEventBytes) : maxEventBytes_(maxEventBytes) {}

void copyInto(const SseEventView& view, SseEvent& event) {
    event.type.assign(view.type);
    event.data.assign(view.data);
    event.lastEventId.assign(view.lastEventId);
    if (!view.idField) event.idField.reset();
    else if (event.idField) event.idField->assign(*view.idField);  // keeps the buffer
    else event.idField.emplace(*view.idField);
    event.retryMs = view.retryMs;
}

void SseParser::FieldText::set(std::string_view text, bool inInput) {
    if (inInput) {
        view_ = text;
        return;
    }
    buffer_.assign(text);
    view_ = buffer_;
}

void SseParser::FieldText::appendLine(std::string_view text) {
    if (view_.data() != buffer_.data()) buffer_.assign(view_);
    buffer_.append(1, '\n').append(text);
    view_ = buffer_;
}

void SseParser::FieldText::keepBeyondInput() {
    if (view_.empty() || view_.data() == buffer_.data()) return;
    buffer_.assign(view_);
    view_ = buffer_;
}

void SseParser::FieldText::clear() {
    view_ = {};
    buffer_.clear();
}

void SseParser::feed(std::string_view bytes, const EventSink& onEvent) {
    auto copyOut = [&](const SseEventView& view) {
        copyInto(view, event_);
        onEvent(event_);
    };
    parse(bytes, copyOut);
}

void SseParser::feedViews(std::string_view bytes, const EventViewSink& onEvent) { parse(bytes, onEvent); }

std::vector<SseEvent> SseParser::feed(std::string_view bytes) {
    std::vector<SseEvent> events;
    feed(bytes, [&events](const SseEvent& e) { events.push_back(e); });
    return events;
}

template <typename Sink>
void SseParser::parse(std::string_view bytes, Sink& onEvent) {
    if (overflowed_) return;
    bytesConsumed_ += bytes.size();
    skipBom(bytes);
    std::size_t pos = 0;
    if (lastWasCR_ && !bytes.empty()) {
        lastWasCR_ = false;
        if (bytes.front() == '\n') pos = 1;  // the LF of a CRLF cut by the previous feed's end
    }
    LineEndScanner lineEnds(bytes);
    while (pos < bytes.size()) {
        const std::size_t end = lineEnds.next(pos);
        const std::size_t stop = end == std::string_view::npos ? bytes.size() : end;
        if (line_.size() + (stop - pos) > maxEventBytes_) {
            overflowed_ = true;
            break;
        }
        const std::string_view line = bytes.substr(pos, stop - pos);
        if (end == std::string_view::npos) {
            line_.append(line);
            break;
        }
        if (line_.empty()) {
            if (line.empty()) dispatch(onEvent);
            else processLine(line, true);  // the whole line is in `bytes`: no copy
        } else {
            line_.append(line);
            processLine(line_, false);  // a line with bytes from an earlier feed is not blank
            line_.clear();
        }
        if (overflowed_) break;
        pos = end + 1;
        if (bytes[end] == '\r') {  // CRLF is one line end, also when cut between feeds
            if (pos == bytes.size()) lastWasCR_ = true;
            else if (bytes[pos] == '\n') ++pos;
        }
    }
    // Views into `bytes` end with this call: keep copies of undispatched field text.
    data_.keepBeyondInput();
    eventType_.keepBeyondInput();
}

void SseParser::skipBom(std::string_view& bytes) {
    // A single leading BOM is skipped; its bytes may arrive in several feeds.
    while (!bomChecked_ && !bytes.empty()) {
        if (bytes.front() == kBom[bomPrefix_.size()]) {
            bomPrefix_.push_back(bytes.front());
            bytes.remove_prefix(1);
            if (bomPrefix_.size() == kBom.size()) {
                bomChecked_ = true;
                bomPrefix_.clear();
            }
        } else {
            bomChecked_ = true;
            line_ += bomPrefix_;  // holds no line end; checked against the limit in feed
            bomPrefix_.clear();
        }
    }
}

bool SseParser::hasPendingEvent() const {
    return !line_.empty() || !bomPrefix_.empty() || fieldsSeen_;
}

void SseParser::processLine(std::string_view line, bool inInput) {
    if (line.front() == ':') {
        ++commentCount_;
        return;
    }
    fieldsSeen_ = true;
    std::string_view value;
    switch (splitField(line, value)) {
    case Field::kData:
        if (hasData_) data_.appendLine(value);
        else data_.set(value, inInput);
        hasData_ = true;
        break;
    case Field::kEvent:
        eventType_.set(value, inInput);
        break;
    case Field::kId:
        if (value.find('\0') == std::string_view::npos) {
            idField_.assign(value);
            hasIdField_ = true;
        }
        break;
    case Field::kRetry:
        if (allDigits(value)) retryField_ = reconnectionTimeMs_ = parseDigits(value);
        break;
    case Field::kOther:
        return;  // changes nothing the limit counts
    }
    checkEventSize();
}

void SseParser::checkEventSize() {
    // The data's size counts one LF per data line, the last one included.
    const std::size_t dataBytes = hasData_ ? data_.view().size() + 1 : 0;
    if (dataBytes + eventType_.view().size() + (hasIdField_ ? idField_.size() : 0) > maxEventBytes_) overflowed_ = true;
}

template <typename Sink>
void SseParser::dispatch(Sink& onEvent) {
    if (hasIdField_) lastEventId_.assign(idField_);
    fieldsSeen_ = false;
    if (hasData_) {
        const SseEventView event{
            .type = eventType_.view().empty() ? std::string_view("message") : eventType_.view(),
            .data = data_.view(),
            .lastEventId = lastEventId_,
            .idField = hasIdField_ ? std::optional<std::string_view>(idField_) : std::nullopt,
            .retryMs = retryField_};
        onEvent(event);
    }
    hasData_ = false;
    data_.clear();
    eventType_.clear();
    hasIdField_ = false;
    retryField_.reset();
}

}  // namespace mcp
