// SSE encoder: writes events as text/event-stream bytes that a WHATWG parser reads back
// exactly (data split on CR/LF/CRLF; CR, LF and NUL removed from event names and ids).
#include "protocol/sse_encoder.h"

#include "protocol/line_end.h"

namespace mcp {
namespace {

void appendField(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).push_back('\n');
}

// Removes the bytes that would break framing (and NUL, which voids an id).
std::string sanitize(std::string_view value, std::string_view removed) {
    std::string clean;
    for (char c : value)
        if (removed.find(c) == std::string_view::npos) clean.push_back(c);
    return clean;
}

constexpr std::string_view kCrLfNul{"\r\n\0", 3};

}  // namespace

void appendSseEvent(std::string& out, const SseOutEvent& event) {
    if (std::string name = sanitize(event.event, kCrLfNul); !name.empty()) appendField(out, "event", name);
    if (std::string id = sanitize(event.id, kCrLfNul); !id.empty()) appendField(out, "id", id);
    if (event.retryMs) appendField(out, "retry", std::to_string(*event.retryMs));
    std::string_view data = event.data;
    while (true) {
        std::size_t end = findLineEnd(data);
        appendField(out, "data", data.substr(0, end));
        if (end == std::string_view::npos) break;
        std::size_t next = end + 1;
        if (data[end] == '\r' && next < data.size() && data[next] == '\n') ++next;
        data.remove_prefix(next);
    }
    out.push_back('\n');
}

std::string encodeSseEvent(const SseOutEvent& event) {
    std::string out;
    appendSseEvent(out, event);
    return out;
}

void appendSseComment(std::string& out, std::string_view text) {
    out.append(": ").append(sanitize(text, "\r\n")).append("\n\n");
}

}  // namespace mcp
