// SseParser: incremental WHATWG "event stream interpretation" with bounded memory.
// The last-event-id buffer of the spec is idField_ when set, else lastEventId_.
#include "protocol/sse_parser.h"

#include "protocol/line_end.h"

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

// Splits a non-empty, non-comment line into its field and value (the value without the one
// space that may follow the colon). The four field names the parser acts on are matched
// first, sparing a search for the colon on almost every line.
Field splitField(std::string_view line, std::string_view& value) {
    static constexpr std::pair<std::string_view, Field> kKnown[] = {
        {"data", Field::kData}, {"event", Field::kEvent}, {"id", Field::kId}, {"retry", Field::kRetry}};
    Field field = Field::kOther;
    std::size_t colon = std::string_view::npos;
    for (const auto& [name, known] : kKnown)
        if (line.starts_with(name) && (line.size() == name.size() || line[name.size()] == ':')) {
            field = known;
            colon = line.size() == name.size() ? std::string_view::npos : name.size();
            break;
        }
    if (field == Field::kOther) colon = line.find(':');
    value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return field;
}

}  // namespace

SseParser::SseParser(std::size_t maxEventBytes) : maxEventBytes_(maxEventBytes) {}

void copyInto(const SseEventView& view, SseEvent& event) {
    event.type = view.type;
    event.data = view.data;
    event.lastEventId = view.lastEventId;
    event.idField = view.idField;
    event.retryMs = view.retryMs;
}

void SseParser::feed(std::string_view bytes, const EventSink& onEvent) {
    feedViews(bytes, [&](const SseEventView& view) {
        copyInto(view, event_);
        onEvent(event_);
    });
}

void SseParser::feedViews(std::string_view bytes, const EventViewSink& onEvent) {
    if (overflowed_) return;
    bytesConsumed_ += bytes.size();
    skipBom(bytes);
    LineEndScanner lineEnds(bytes);
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        if (lastWasCR_) {
            lastWasCR_ = false;
            if (bytes[pos] == '\n') {
                ++pos;
                continue;
            }
        }
        std::size_t end = lineEnds.next(pos);
        std::size_t stop = end == std::string_view::npos ? bytes.size() : end;
        if (line_.size() + (stop - pos) > maxEventBytes_) {
            overflowed_ = true;
            break;
        }
        std::string_view rest = bytes.substr(pos, stop - pos);
        if (end == std::string_view::npos) {
            line_.append(rest);
            break;
        }
        lastWasCR_ = bytes[end] == '\r';
        if (line_.empty()) {
            processLine(rest, true, onEvent);  // the whole line is in `bytes`: no copy
        } else {
            line_.append(rest);
            processLine(line_, false, onEvent);  // a non-empty line never dispatches
            line_.clear();
        }
        if (overflowed_) break;
        pos = end + 1;
    }
    // Views into `bytes` end with this call: keep a copy of undispatched data.
    if (hasData_ && !dataInBuffer_) {
        dataBuffer_.assign(dataView_);
        dataInBuffer_ = true;
    }
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

std::vector<SseEvent> SseParser::feed(std::string_view bytes) {
    std::vector<SseEvent> events;
    feed(bytes, [&events](const SseEvent& e) { events.push_back(e); });
    return events;
}

bool SseParser::hasPendingEvent() const {
    return !line_.empty() || !bomPrefix_.empty() || fieldsSeen_;
}

void SseParser::processLine(std::string_view line, bool inInput, const EventViewSink& onEvent) {
    if (line.empty()) {
        dispatch(onEvent);
        return;
    }
    if (line.front() == ':') {
        ++commentCount_;
        return;
    }
    fieldsSeen_ = true;
    std::string_view value;
    switch (splitField(line, value)) {
    case Field::kData:
        appendData(value, inInput);
        break;
    case Field::kEvent:
        eventType_ = value;
        break;
    case Field::kId:
        if (value.find('\0') == std::string_view::npos) idField_ = std::string(value);
        break;
    case Field::kRetry:
        if (allDigits(value)) retryField_ = reconnectionTimeMs_ = parseDigits(value);
        break;
    case Field::kOther:
        break;
    }
    // The data's size counts one LF per data line, the last one included.
    std::size_t dataBytes = hasData_ ? data().size() + 1 : 0;
    if (dataBytes + eventType_.size() + (idField_ ? idField_->size() : 0) > maxEventBytes_) overflowed_ = true;
}

void SseParser::appendData(std::string_view value, bool inInput) {
    if (!hasData_) {
        hasData_ = true;
        dataInBuffer_ = !inInput;
        if (inInput) dataView_ = value;
        else dataBuffer_.assign(value);
        return;
    }
    if (!dataInBuffer_) {
        dataBuffer_.assign(dataView_);
        dataInBuffer_ = true;
    }
    dataBuffer_.append(1, '\n').append(value);
}

void SseParser::dispatch(const EventViewSink& onEvent) {
    if (idField_) lastEventId_ = *idField_;
    fieldsSeen_ = false;
    if (hasData_) {
        SseEventView event{.type = eventType_.empty() ? std::string_view("message") : std::string_view(eventType_),
                           .data = data(),
                           .lastEventId = lastEventId_,
                           .idField = idField_,
                           .retryMs = retryField_};
        onEvent(event);
    }
    hasData_ = false;
    dataInBuffer_ = false;
    dataView_ = {};
    dataBuffer_.clear();
    eventType_.clear();
    idField_.reset();
    retryField_.reset();
}

}  // namespace mcp
