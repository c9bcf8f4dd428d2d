// SSE encoder: turns events into `text/event-stream` bytes for the server side.
//
//   std::string out;
//   mcp::appendSseEvent(out, {.event = "endpoint", .data = "/sse/message?sessionId=abc"});
//   // out == "event: endpoint\ndata: /sse/message?sessionId=abc\n\n"
//
// Data containing LF, CR or CRLF is split into several `data:` lines so that a
// WHATWG parser rebuilds it with LF line ends. Event names and ids have CR, LF and
// NUL removed, since those would break the framing (EV-5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

struct SseOutEvent {
    std::string_view event{};                 // empty: no `event:` line
    std::string_view id{};                    // empty: no `id:` line
    std::string_view data{};                  // always written, even when empty
    std::optional<std::uint64_t> retryMs{};   // `retry:` line when set
};

void appendSseEvent(std::string& out, const SseOutEvent& event);
std::string encodeSseEvent(const SseOutEvent& event);
// A comment line (keep-alive): ": text\n\n".
void appendSseComment(std::string& out, std::string_view text);

}  // namespace mcp
