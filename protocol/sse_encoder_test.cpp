// Tests for the SSE encoder: exact bytes, line splitting, sanitizing, and round trips
// through SseParser.
#include "protocol/sse_encoder.h"
#include "protocol/sse_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace mcp {
namespace {

using namespace std::string_view_literals;

TEST(SseEncoder, HeaderExample) {
    std::string out;
    appendSseEvent(out, {.event = "endpoint", .data = "/sse/message?sessionId=abc"});
    EXPECT_EQ(out, "event: endpoint\ndata: /sse/message?sessionId=abc\n\n");
}

TEST(SseEncoder, ExactBytes) {
    struct Row { SseOutEvent event; std::string expected; };
    const Row rows[] = {
        {{.data = "x"}, "data: x\n\n"},
        {{.data = ""}, "data: \n\n"},
        {{.event = "e", .id = "1", .data = "x", .retryMs = 500}, "event: e\nid: 1\nretry: 500\ndata: x\n\n"},
        {{.data = "a\nb"}, "data: a\ndata: b\n\n"},
        {{.data = "a\r\nb\rc"}, "data: a\ndata: b\ndata: c\n\n"},
        {{.data = "a\n"}, "data: a\ndata: \n\n"},
        {{.data = "\r\n\r\n"}, "data: \ndata: \ndata: \n\n"},
        {{.event = "a\r\nb\0c"sv, .id = "1\n2\0"sv, .data = "x"}, "event: abc\nid: 12\ndata: x\n\n"},
        {{.event = "\r\n", .id = "\0"sv, .data = "x"}, "data: x\n\n"},
        {{.data = "x", .retryMs = 0}, "retry: 0\ndata: x\n\n"},
    };
    for (const Row& row : rows) EXPECT_EQ(encodeSseEvent(row.event), row.expected);
}

TEST(SseEncoder, AppendKeepsExistingBytes) {
    std::string out = "data: first\n\n";
    appendSseEvent(out, {.data = "second"});
    appendSseComment(out, "ping");
    EXPECT_EQ(out, "data: first\n\ndata: second\n\n: ping\n\n");
}

TEST(SseEncoder, CommentHasNoLineBreaks) {
    std::string out;
    appendSseComment(out, "a\r\nb\nc");
    EXPECT_EQ(out, ": abc\n\n");
    SseParser parser;
    EXPECT_TRUE(parser.feed(out).empty());
    EXPECT_EQ(parser.commentCount(), 1u);
}

// What a WHATWG parser must rebuild from the encoded bytes.
TEST(SseEncoder, RoundTripsThroughParser) {
    struct Row { SseOutEvent event; std::string type, data, id; };
    const Row rows[] = {
        {{.data = "plain"}, "message", "plain", ""},
        {{.data = ""}, "message", "", ""},
        {{.data = " leading and trailing "}, "message", " leading and trailing ", ""},
        {{.data = "a\r\nb\rc\nd"}, "message", "a\nb\nc\nd", ""},
        {{.data = "\n\n"}, "message", "\n\n", ""},
        {{.data = ": not a comment"}, "message", ": not a comment", ""},
        {{.data = "data: nested\n\nevent: x"}, "message", "data: nested\n\nevent: x", ""},
        {{.data = "nul\0inside"sv}, "message", std::string("nul\0inside", 10), ""},
        {{.data = "\xC3\xA9\xF0\x9F\x98\x80"}, "message", "\xC3\xA9\xF0\x9F\x98\x80", ""},
        {{.event = "message", .id = "42", .data = "{\"jsonrpc\":\"2.0\"}"}, "message", "{\"jsonrpc\":\"2.0\"}", "42"},
        {{.event = " spaced", .id = " 7", .data = "x"}, " spaced", "x", " 7"},
        {{.event = "bad\nname", .id = "i\r\nd\0"sv, .data = "x"}, "badname", "x", "id"},
    };
    for (const Row& row : rows) {
        SseParser parser;
        auto events = parser.feed(encodeSseEvent(row.event));
        ASSERT_EQ(events.size(), 1u) << row.data;
        EXPECT_EQ(events[0].type, row.type);
        EXPECT_EQ(events[0].data, row.data);
        EXPECT_EQ(events[0].lastEventId, row.id);
        EXPECT_FALSE(parser.hasPendingEvent());
    }
}

TEST(SseEncoder, RetryRoundTrips) {
    SseParser parser;
    auto events = parser.feed(encodeSseEvent({.data = "x", .retryMs = 18446744073709551615ull}));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].retryMs, 18446744073709551615ull);
    EXPECT_EQ(parser.reconnectionTimeMs(), 18446744073709551615ull);
}

}  // namespace
}  // namespace mcp
