// Tests for SseParser: WHATWG event stream interpretation, chunking at every byte
// boundary, line ends, BOM, id/retry rules, pending events and the memory bound.
#include "protocol/sse_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace mcp {
namespace {

using namespace std::string_literals;

// Everything observable about a parse, for comparing chunkings.
struct ObservedParse {
    std::vector<SseEvent> events;
    std::string lastEventId;
    std::optional<std::uint64_t> reconnection;
    std::size_t comments = 0;
    bool pending = false;
    bool overflowed = false;
    std::uint64_t bytes = 0;
    bool operator==(const ObservedParse&) const = default;
};

ObservedParse parseChunks(const std::vector<std::string>& chunks, std::size_t limit = SseParser::kDefaultMaxEventBytes) {
    SseParser parser(limit);
    ObservedParse out;
    for (const std::string& chunk : chunks)
        for (SseEvent& e : parser.feed(chunk)) out.events.push_back(std::move(e));
    out.lastEventId = parser.lastEventId();
    out.reconnection = parser.reconnectionTimeMs();
    out.comments = parser.commentCount();
    out.pending = parser.hasPendingEvent();
    out.overflowed = parser.overflowed();
    out.bytes = parser.bytesConsumed();
    return out;
}

ObservedParse parse(const std::string& input) { return parseChunks({input}); }

SseEvent event(std::string data, std::string type = "message", std::string lastId = "") {
    SseEvent e;
    e.type = std::move(type);
    e.data = std::move(data);
    e.lastEventId = std::move(lastId);
    return e;
}

struct EventsCase {
    std::string name;
    std::string input;
    std::vector<SseEvent> expected;
};
void PrintTo(const EventsCase& c, std::ostream* os) { *os << testing::PrintToString(c.input); }

class SseParserEvents : public ::testing::TestWithParam<EventsCase> {};

TEST_P(SseParserEvents, DispatchesExpectedEvents) {
    EXPECT_EQ(parse(GetParam().input).events, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SseParserEvents,
    ::testing::Values(
        EventsCase{"Simple", "data: hello\n\n", {event("hello")}},
        EventsCase{"NoSpace", "data:hello\n\n", {event("hello")}},
        EventsCase{"OnlyOneSpaceRemoved", "data:  two\n\n", {event(" two")}},
        EventsCase{"MultiLineData", "data: a\ndata: b\n\n", {event("a\nb")}},
        EventsCase{"EventType", "event: ping\ndata: x\n\n", {event("x", "ping")}},
        EventsCase{"EmptyEventTypeIsMessage", "event:\ndata: x\n\n", {event("x")}},
        EventsCase{"TypeResetsAfterDispatch", "event: a\ndata: 1\n\ndata: 2\n\n", {event("1", "a"), event("2")}},
        EventsCase{"EmptyDataLineGivesEmptyEvent", "data:\n\n", {event("")}},
        EventsCase{"EmptyDataWithSpace", "data: \n\n", {event("")}},
        EventsCase{"FieldWithoutColon", "data\n\n", {event("")}},
        EventsCase{"TwoEmptyDataLines", "data\ndata\n\n", {event("\n")}},
        EventsCase{"TrailingEmptyDataLineKept", "data: a\ndata:\n\n", {event("a\n")}},
        EventsCase{"NoDataNoEvent", "event: x\n\n", {}},
        EventsCase{"TypeWithoutDataIsDiscarded", "event: x\n\ndata: y\n\n", {event("y")}},
        EventsCase{"CommentOnly", ": keep-alive\n\n", {}},
        EventsCase{"UnknownFieldIgnored", "foo: x\ndata: y\n\n", {event("y")}},
        EventsCase{"FieldNamesAreCaseSensitive", "DATA: x\n\n", {}},
        EventsCase{"LeadingSpaceIsPartOfName", " data: x\n\n", {}},
        EventsCase{"ValueKeepsLaterColons", "data: a:b: c\n\n", {event("a:b: c")}},
        EventsCase{"ValueKeepsNul", "data: x\0y\n\n"s, {event("x\0y"s)}},
        EventsCase{"ExtraBlankLinesDispatchNothing", "\n\n\ndata: x\n\n\n\n", {event("x")}},
        EventsCase{"CrLines", "data: a\r\rdata: b\r\r", {event("a"), event("b")}},
        EventsCase{"CrLfLines", "data: a\r\n\r\ndata: b\r\n\r\n", {event("a"), event("b")}},
        EventsCase{"MixedLineEnds", "data: a\r\ndata: b\rdata: c\n\r\n", {event("a\nb\nc")}},
        EventsCase{"LfCrIsTwoLineEnds", "data: a\n\rdata: b\n\n", {event("a"), event("b")}},
        EventsCase{"CrInsideDataSplitsLines", "data: a\rb\n\n", {event("a")}},
        EventsCase{"Bom", "\xEF\xBB\xBF" "data: x\n\n", {event("x")}},
        EventsCase{"OnlyFirstBomSkipped", "\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n", {}},
        EventsCase{"PartialBomIsData", "\xEF\xBB" "data: x\n\n", {}},
        EventsCase{"BomLikeBytesLaterAreData", "data: \xEF\xBB\xBF\n\n", {event("\xEF\xBB\xBF")}},
        EventsCase{"UnterminatedEventNotDispatched", "data: a\n\ndata: b\n", {event("a")}},
        EventsCase{"TabAfterColonIsKept", "data:\tx\n\n", {event("\tx")}},
        EventsCase{"EventWithoutColonIsEmptyType", "event: t\nevent\ndata: x\n\n", {event("x")}},
        EventsCase{"KnownNameAsPrefixIsAnotherField", "datum: x\ndatax: y\nevents: e\ndata: z\n\n", {event("z")}},
        EventsCase{"ColonOnlyIsComment", ":\ndata: x\n\n", {event("x")}}),
    [](const auto& test) { return test.param.name; });

TEST(SseParser, LineEndVariantsGiveSameEvents) {
    const std::string lines[] = {"id: 9", "event: e", "data: 1", "data: 2", "", ": c", "data: 3", ""};
    std::vector<ObservedParse> outcomes;
    for (const char* end : {"\n", "\r", "\r\n"}) {
        std::string input;
        for (const std::string& line : lines) input += line + end;
        outcomes.push_back(parse(input));
    }
    ASSERT_EQ(outcomes[0].events.size(), 2u);
    EXPECT_EQ(outcomes[0].events[0].data, "1\n2");
    EXPECT_EQ(outcomes[0].events[0].type, "e");
    EXPECT_EQ(outcomes[0].events[1].lastEventId, "9");
    for (std::size_t i = 1; i < outcomes.size(); ++i) {
        outcomes[i].bytes = outcomes[0].bytes;  // CRLF input is longer
        EXPECT_EQ(outcomes[i], outcomes[0]) << "variant " << i;
    }
}

const std::string kSplitCorpus[] = {
    "\xEF\xBB\xBF" "event: a\r\ndata: 1\r\ndata:\r\n\r\n: ping\rid: 5\rretry: 20\rdata:  z\r\r",
    "data: x\r\n\r\ndata: y\r\rdata\n\nid: 7\x00" "8\ndata: q\n\nfoo\nretry: 1x\ndata: last\n"s,
    "\xEF\xBB" "data: no bom\n\n:c\n\nevent:e\ndata:\xC3\xA9\xF0\x9F\x98\x80\n\nid\ndata: t\r\n",
    "\r\n\r\n\n\r\rdata: a\r\n\rdata: b\n\r",
};

TEST(SseParser, EverySplitPointGivesSameOutcome) {
    for (const std::string& input : kSplitCorpus) {
        const ObservedParse whole = parse(input);
        ASSERT_FALSE(whole.events.empty());
        for (std::size_t k = 0; k <= input.size(); ++k)
            EXPECT_EQ(parseChunks({input.substr(0, k), input.substr(k)}), whole) << "split at " << k;
    }
}

TEST(SseParser, EveryPairOfSplitPointsGivesSameOutcome) {
    for (const std::string& input : kSplitCorpus) {
        const ObservedParse whole = parse(input);
        for (std::size_t i = 0; i <= input.size(); ++i)
            for (std::size_t j = i; j <= input.size(); ++j)
                ASSERT_EQ(parseChunks({input.substr(0, i), input.substr(i, j - i), input.substr(j)}), whole)
                    << "splits at " << i << ", " << j;
    }
}

TEST(SseParser, ByteByByteGivesSameOutcome) {
    for (const std::string& input : kSplitCorpus) {
        std::vector<std::string> bytes;
        for (char c : input) bytes.emplace_back(1, c);
        EXPECT_EQ(parseChunks(bytes), parse(input));
    }
}

TEST(SseParser, RandomInputsAndChunkingsAgree) {
    const std::string pieces[] = {"data", "event", "id", "retry", ":", " ", "\r", "\n", "\r\n", "x",
                                  "7", std::string(1, '\0'), "\xEF\xBB\xBF", "\xEF", "\n\n"};
    std::mt19937 rng(12345);  // fixed seed: deterministic
    for (int round = 0; round < 300; ++round) {
        std::string input;
        for (int n = std::uniform_int_distribution<int>(0, 40)(rng); n > 0; --n)
            input += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng)];
        std::vector<std::string> chunks;
        for (std::size_t pos = 0; pos < input.size();) {
            std::size_t len = std::uniform_int_distribution<std::size_t>(0, 5)(rng);
            chunks.push_back(input.substr(pos, len));
            pos += len;
        }
        ASSERT_EQ(parseChunks(chunks), parse(input)) << testing::PrintToString(input);
    }
}

TEST(SseParser, CrAtChunkEndThenLfIsOneLineEnd) {
    EXPECT_EQ(parseChunks({"data: a\r", "\ndata: b\r", "\n\r", "\n"}).events, std::vector{event("a\nb")});
    // A CR then a chunk starting with CR is two line ends: the event is dispatched.
    EXPECT_EQ(parseChunks({"data: a\r", "\r"}).events, std::vector{event("a")});
    // Empty chunks between CR and LF do not break the pairing.
    EXPECT_EQ(parseChunks({"data: a\r", "", "\n", "", "data: b\n\n"}).events, std::vector{event("a\nb")});
}

TEST(SseParser, BomSplitAcrossFeeds) {
    EXPECT_EQ(parseChunks({"\xEF", "\xBB", "\xBF", "data: x\n\n"}).events, std::vector{event("x")});
    EXPECT_EQ(parseChunks({"\xEF\xBB", "\xBF" "data: x\n\n"}).events, std::vector{event("x")});
    // A broken BOM prefix stays in the line: here it makes the field name unknown.
    EXPECT_TRUE(parseChunks({"\xEF\xBB", "data: x\n\n"}).events.empty());
    ObservedParse partial = parseChunks({"\xEF"});
    EXPECT_TRUE(partial.pending);
}

TEST(SseParser, IdPersistsAcrossEvents) {
    ObservedParse out = parse("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");
    ASSERT_EQ(out.events.size(), 3u);
    EXPECT_EQ(out.events[0].lastEventId, "7");
    EXPECT_EQ(out.events[0].idField, "7");
    EXPECT_EQ(out.events[1].lastEventId, "7");
    EXPECT_EQ(out.events[1].idField, std::nullopt);
    EXPECT_EQ(out.events[2].lastEventId, "");  // an empty id resets it
    EXPECT_EQ(out.events[2].idField, "");
    EXPECT_EQ(out.lastEventId, "");
}

TEST(SseParser, IdWithNulIsIgnored) {
    ObservedParse out = parse("id: 1\ndata: a\n\nid: x\0y\ndata: b\n\n"s);
    ASSERT_EQ(out.events.size(), 2u);
    EXPECT_EQ(out.events[1].lastEventId, "1");
    EXPECT_EQ(out.events[1].idField, std::nullopt);
    EXPECT_EQ(out.lastEventId, "1");
}

TEST(SseParser, IdWithoutDataStillUpdatesLastEventIdAtBlankLine) {
    SseParser parser;
    EXPECT_TRUE(parser.feed("id: 42\n").empty());
    EXPECT_EQ(parser.lastEventId(), "");  // only the buffer is set before the blank line
    EXPECT_TRUE(parser.feed("\n").empty());
    EXPECT_EQ(parser.lastEventId(), "42");
    auto events = parser.feed("data: x\n\n");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].lastEventId, "42");
    EXPECT_EQ(events[0].idField, std::nullopt);
}

TEST(SseParser, RetryRequiresAsciiDigits) {
    struct Row { std::string line; std::optional<std::uint64_t> expected; };
    const Row rows[] = {
        {"retry: 1500", 1500},  {"retry:0", 0},           {"retry: 15a", std::nullopt},
        {"retry: -1", std::nullopt}, {"retry: 1.5", std::nullopt}, {"retry:", std::nullopt},
        {"retry:  15", std::nullopt}, {"retry: +15", std::nullopt}, {"retry: 1 ", std::nullopt},
        {"retry: 99999999999999999999999", UINT64_MAX},
    };
    for (const Row& row : rows) {
        ObservedParse out = parse(row.line + "\ndata: d\n\n");
        ASSERT_EQ(out.events.size(), 1u) << row.line;
        EXPECT_EQ(out.events[0].retryMs, row.expected) << row.line;
        EXPECT_EQ(out.reconnection, row.expected) << row.line;
    }
}

TEST(SseParser, IdAndRetryBelongToTheirEventOnly) {
    ObservedParse out = parse("id\nretry: 5\ndata: a\n\ndata: b\n\n");
    ASSERT_EQ(out.events.size(), 2u);
    EXPECT_EQ(out.events[0].idField, "");  // `id` without colon: an empty id
    EXPECT_EQ(out.events[0].retryMs, 5u);
    EXPECT_EQ(out.events[1].idField, std::nullopt);
    EXPECT_EQ(out.events[1].retryMs, std::nullopt);
    EXPECT_EQ(out.reconnection, 5u);
}

TEST(SseParser, RetryWithoutColonIsIgnored) {
    ObservedParse out = parse("retry\ndata: a\n\n");
    ASSERT_EQ(out.events.size(), 1u);
    EXPECT_EQ(out.events[0].retryMs, std::nullopt);
    EXPECT_EQ(out.reconnection, std::nullopt);
}

TEST(SseParser, ReconnectionTimeKeepsLastValidValue) {
    ObservedParse out = parse("retry: 100\n\nretry: bad\ndata: a\n\nretry: 250\n");
    ASSERT_EQ(out.events.size(), 1u);
    EXPECT_EQ(out.events[0].retryMs, std::nullopt);
    EXPECT_EQ(out.reconnection, 250u);  // set immediately, not at dispatch
}

TEST(SseParser, CommentsAreCounted) {
    ObservedParse out = parse(":a\n: keep-alive\n:\n\ndata: x\n:: y\n\n");
    EXPECT_EQ(out.comments, 4u);
    EXPECT_EQ(out.events, std::vector{event("x")});
}

TEST(SseParser, PendingEventAtEndOfStream) {
    struct Row { std::string input; bool pending; };
    const Row rows[] = {
        {"", false},          {"data: x", true},       {"data: x\n", true},
        {"data: x\n\n", false}, {": comment\n", false}, {"event: e\n", true},
        {"data: x\r", true},  {"data: x\r\r", false},  {"\xEF\xBB\xBF", false},
        {"\xEF\xBB", true},   {"id: 1\n", true},       {"data: x\n\ndata", true},
    };
    for (const Row& row : rows) EXPECT_EQ(parse(row.input).pending, row.pending) << '"' << row.input << '"';
}

TEST(SseParser, FeedWithSinkMatchesVectorFeed) {
    SseParser parser;
    std::vector<SseEvent> seen;
    const std::string input = "data: a\n\nevent: t\ndata: b\n\n";
    parser.feed(input, [&](const SseEvent& e) { seen.push_back(e); });
    EXPECT_EQ(seen, (std::vector{event("a"), event("b", "t")}));
    EXPECT_EQ(seen, SseParser().feed(input));
    EXPECT_EQ(parser.bytesConsumed(), input.size());
}

// feedViews with each view copied out during the call, fed in the given chunks.
std::vector<SseEvent> parseViews(const std::vector<std::string>& chunks) {
    SseParser parser;
    std::vector<SseEvent> events;
    for (const std::string& chunk : chunks)
        parser.feedViews(chunk, [&](const SseEventView& v) {
            copyInto(v, events.emplace_back());
        });
    return events;
}

TEST(SseParser, FeedViewsMatchesFeedAtEverySplitPoint) {
    // A data line whose view ends with one feed must survive into the next feed.
    for (const std::string& input : kSplitCorpus) {
        const std::vector<SseEvent> whole = parse(input).events;
        for (std::size_t k = 0; k <= input.size(); ++k)
            EXPECT_EQ(parseViews({input.substr(0, k), input.substr(k)}), whole) << "split at " << k;
    }
    EXPECT_EQ(parseViews({"data: a\n", "data: b\n", "\n"}), std::vector{event("a\nb")});
    EXPECT_EQ(parseViews({"data: a\n", "\n"}), std::vector{event("a")});
}

TEST(SseParser, FeedViewsPassesSingleLineDataWithoutCopy) {
    SseParser parser;
    const std::string chunk = "data: payload\n\n";
    const char* seen = nullptr;
    parser.feedViews(chunk, [&](const SseEventView& v) { seen = v.data.data(); });
    EXPECT_EQ(seen, chunk.data() + 6);
}

TEST(SseParser, LongLineOverflows) {
    ObservedParse out = parseChunks({"data: 0123456789abcdef\n\n", "data: a\n\n"}, 16);
    EXPECT_TRUE(out.overflowed);
    EXPECT_TRUE(out.events.empty());
}

TEST(SseParser, LineAtExactLimitIsAccepted) {
    ObservedParse out = parseChunks({"data: ab\n\n"}, 8);
    EXPECT_FALSE(out.overflowed);
    EXPECT_EQ(out.events, std::vector{event("ab")});
}

TEST(SseParser, UnterminatedLineFedByteByByteOverflows) {
    std::vector<std::string> chunks(17, "a");
    EXPECT_FALSE(parseChunks(std::vector<std::string>(16, "a"), 16).overflowed);
    EXPECT_TRUE(parseChunks(chunks, 16).overflowed);
}

TEST(SseParser, AccumulatedEventOverflowsAndLaterInputIsIgnored) {
    SseParser parser(16);
    EXPECT_TRUE(parser.feed("data: 12345\ndata: 12345\n").empty());  // 12 bytes buffered
    EXPECT_FALSE(parser.overflowed());
    EXPECT_TRUE(parser.feed("data: 12345\n\n").empty());             // 18 > 16
    EXPECT_TRUE(parser.overflowed());
    std::uint64_t consumed = parser.bytesConsumed();
    EXPECT_TRUE(parser.feed("data: ok\n\n").empty());
    EXPECT_EQ(parser.bytesConsumed(), consumed);
    EXPECT_TRUE(parser.overflowed());
}

TEST(SseParser, EventTypeAndIdCountTowardTheLimit) {
    // Two data lines "1234" count 10 bytes (one LF each); the type and the id their own size.
    const std::string data = "data: 1234\ndata: 1234\n\n";
    EXPECT_FALSE(parseChunks({"event: 12\n" + data}, 12).overflowed);
    EXPECT_TRUE(parseChunks({"event: 123\n" + data}, 12).overflowed);
    EXPECT_FALSE(parseChunks({"id: 12\n" + data}, 12).overflowed);
    EXPECT_TRUE(parseChunks({"id: 123\n" + data}, 12).overflowed);
    // A type whose line lay in an earlier feed is held across the feed and still counted.
    EXPECT_TRUE(parseChunks({"event: 123\n", data}, 12).overflowed);
}

TEST(SseParser, EventTypeHeldAcrossFeedsWithViews) {
    // The type's line lies whole in the first feed; its event completes in a later one.
    EXPECT_EQ(parseViews({"event: update\n", "data: a\n", "\n"}), std::vector{event("a", "update")});
    EXPECT_EQ(parseViews({"event: t\ndata: a\n", "event: u\n\n", "data: b\n\n"}),
              (std::vector{event("a", "u"), event("b")}));
}

TEST(SseParser, CopyIntoReplacesEveryField) {
    SseEvent target{.type = "old", .data = "old data", .lastEventId = "9", .idField = "a long id beyond the small buffer",
                    .retryMs = 5};
    copyInto(SseEventView{.type = "message", .data = "d", .lastEventId = "", .idField = std::nullopt,
                          .retryMs = std::nullopt},
             target);
    EXPECT_EQ(target, event("d"));
    copyInto(SseEventView{.type = "t", .data = "", .lastEventId = "7", .idField = "7", .retryMs = 3}, target);
    EXPECT_EQ(target, (SseEvent{.type = "t", .data = "", .lastEventId = "7", .idField = "7", .retryMs = 3}));
}

TEST(SseParser, LongIdsOnEveryEventAreDeliveredIntact) {
    // The id's buffer is reused from event to event: each event must still carry its own id.
    SseParser parser;
    std::vector<SseEvent> seen;
    for (int i = 0; i < 3; ++i) {
        const std::string id = std::string(40, 'a' + static_cast<char>(i));
        parser.feed("id: " + id + "\ndata: x\n\ndata: y\n\n", [&](const SseEvent& e) { seen.push_back(e); });
    }
    ASSERT_EQ(seen.size(), 6u);
    for (int i = 0; i < 3; ++i) {
        const std::string id = std::string(40, 'a' + static_cast<char>(i));
        EXPECT_EQ(seen[2 * i].idField, id);
        EXPECT_EQ(seen[2 * i].lastEventId, id);
        EXPECT_EQ(seen[2 * i + 1].idField, std::nullopt);
        EXPECT_EQ(seen[2 * i + 1].lastEventId, id);
    }
}

TEST(SseParser, SmallEventsUnderLimitNeverOverflow) {
    SseParser parser(16);
    std::size_t count = 0;
    for (int i = 0; i < 1000; ++i) count += parser.feed("data: 12345\n\n").size();
    EXPECT_EQ(count, 1000u);
    EXPECT_FALSE(parser.overflowed());
}

}  // namespace
}  // namespace mcp
