// feedInPieces: drives one MessageParser over a whole input handed over in pieces of a chosen
// size, as a socket would, until the first message completes or fails; then, when asked, the
// end of the input counts as the peer closing. The parser tests and the fuzz targets use it to
// compare whole, split and byte-by-byte feeding.
//
//   ResponseDecoder decoder("GET");
//   auto fed = feedInPieces(decoder, raw, 3, true);   // 3-byte pieces, then the server closes
//   // fed.events, fed.body, fed.consumed; fed.brokenContract is set when the parser broke the
//   // feed() contract (took more than it was given, or asked for more with bytes left)
#pragma once

#include "protocol/http1/message_parser.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::http1 {

struct PiecewiseFeed {
    std::vector<ParseEvent> events;
    std::string body;
    std::size_t consumed = 0;
    const char* brokenContract = nullptr;
};

// `piece` 0 feeds the input at once.
inline PiecewiseFeed feedInPieces(MessageParser& parser, std::string_view input, std::size_t piece, bool closeAtEnd) {
    PiecewiseFeed out;
    auto sink = [&](std::string_view bytes) { out.body.append(bytes); };
    while (true) {
        std::size_t end = piece == 0 ? input.size() : std::min(input.size(), out.consumed + piece);
        std::string_view in = input.substr(out.consumed, end - out.consumed);
        while (true) {
            auto step = parser.feed(in, sink);
            if (step.consumed > in.size()) {
                out.brokenContract = "the parser consumed more than it was given";
                return out;
            }
            in.remove_prefix(step.consumed);
            out.consumed += step.consumed;
            if (step.event == ParseEvent::NeedMore) {
                if (!in.empty()) out.brokenContract = "the parser asked for more with bytes left";
                break;
            }
            out.events.push_back(step.event);
            if (step.event != ParseEvent::HeadComplete) return out;
        }
        if (out.brokenContract) return out;
        if (out.consumed >= input.size()) {
            if (closeAtEnd) out.events.push_back(parser.finish(sink).event);
            return out;
        }
    }
}

}  // namespace mcp::http1
