// SseParser: incremental WHATWG "event stream interpretation" with bounded memory.
// The last-event-id buffer of the spec is idField_ when set, else lastEventId_.
#include "protocol/sse_parser.h"

#include "protocol/line_end.h"

#include <limits>

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

}  // namespace

SseParser::SseParser(std::size_t maxEventBytes) : maxEventBytes_(maxEventBytes) {}

void SseParser::feed(std::string_view bytes, const EventSink& onEvent) {
    if (overflowed_) return;
    bytesConsumed_ += bytes.size();
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
            std::string notBom;
            notBom.swap(bomPrefix_);
            line_ += notBom;  // holds no line end; checked against the limit below
        }
    }
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        if (lastWasCR_) {
            lastWasCR_ = false;
            if (bytes[pos] == '\n') {
                ++pos;
                continue;
            }
        }
        std::size_t end = findLineEnd(bytes, pos);
        std::size_t stop = end == std::string_view::npos ? bytes.size() : end;
        if (line_.size() + (stop - pos) > maxEventBytes_) {
            overflowed_ = true;
            return;
        }
        line_.append(bytes.substr(pos, stop - pos));
        if (end == std::string_view::npos) break;
        lastWasCR_ = bytes[end] == '\r';
        std::string line;
        line.swap(line_);
        processLine(line, onEvent);
        if (overflowed_) return;
        pos = end + 1;
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

void SseParser::processLine(std::string_view line, const EventSink& onEvent) {
    if (line.empty()) {
        dispatch(onEvent);
        return;
    }
    if (line.front() == ':') {
        ++commentCount_;
        return;
    }
    std::size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    fieldsSeen_ = true;
    if (field == "event") {
        eventType_ = value;
    } else if (field == "data") {
        dataBuffer_.append(value).push_back('\n');
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) idField_ = std::string(value);
    } else if (field == "retry") {
        if (allDigits(value)) retryField_ = reconnectionTimeMs_ = parseDigits(value);
    }
    if (dataBuffer_.size() + eventType_.size() + (idField_ ? idField_->size() : 0) > maxEventBytes_)
        overflowed_ = true;
}

void SseParser::dispatch(const EventSink& onEvent) {
    if (idField_) lastEventId_ = *idField_;
    SseEvent event;
    bool hasData = !dataBuffer_.empty();
    if (hasData) {
        if (!eventType_.empty()) event.type = eventType_;
        dataBuffer_.pop_back();  // the trailing LF
        event.data = std::move(dataBuffer_);
        event.lastEventId = lastEventId_;
        event.idField = idField_;
        event.retryMs = retryField_;
    }
    dataBuffer_.clear();
    eventType_.clear();
    idField_.reset();
    retryField_.reset();
    fieldsSeen_ = false;
    if (hasData) onEvent(event);
}

}  // namespace mcp
