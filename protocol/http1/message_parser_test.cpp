// The HTTP/1.1 parser: strict requests (the server's H-1..H-11 table), lenient responses
// (the hostile-response table: each framing shape and what the decoder observes), the
// incremental contract (any split gives the same result) and strict/lenient agreement.
#include "protocol/http1/message_parser.h"
#include "protocol/http1/piecewise_feed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

namespace mcp::http1 {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Everything one parse produced, for comparing whole-buffer and split feeding.
struct Parsed {
    std::vector<ParseEvent> events;
    MessageHead head;
    std::string body;
    std::vector<ObservationKind> observations;
    ParseError error;
    std::size_t consumed = 0;
    bool complete = false;
    bool failed = false;

    bool operator==(const Parsed& o) const {
        return events == o.events && head.method == o.head.method && head.target == o.head.target &&
               head.status == o.head.status && head.reason == o.head.reason && head.versionMinor == o.head.versionMinor &&
               head.headers == o.head.headers && head.framing == o.head.framing && body == o.body &&
               observations == o.observations && error.status == o.error.status && consumed == o.consumed &&
               complete == o.complete && failed == o.failed;
    }
};

// Feeds `raw` in pieces of `piece` bytes (0: all at once) until one message completes or
// fails; `closeAtEnd` reports the end of the input as the peer closing.
Parsed run(MessageParser& parser, std::string_view raw, std::size_t piece = 0, bool closeAtEnd = false) {
    auto fed = feedInPieces(parser, raw, piece, closeAtEnd);
    if (fed.brokenContract) ADD_FAILURE() << fed.brokenContract;
    Parsed out;
    out.events = std::move(fed.events);
    out.body = std::move(fed.body);
    out.head = parser.head();
    for (const auto& o : parser.observations()) out.observations.push_back(o.kind);
    out.error = parser.error();
    out.consumed = fed.consumed;
    out.complete = parser.complete();
    out.failed = parser.failed();
    return out;
}

Parsed parseRequest(std::string_view raw, std::size_t piece = 0, Limits limits = {}, Mode mode = Mode::Strict) {
    RequestParser parser(limits, mode);
    return run(parser, raw, piece);
}

Parsed decodeResponse(std::string_view raw, std::size_t piece = 0, bool closeAtEnd = true, std::string_view method = "GET",
                      Mode mode = Mode::Lenient) {
    ResponseDecoder decoder(method, mode);
    return run(decoder, raw, piece, closeAtEnd);
}

// ---- requests (strict): the server's rules -------------------------------------------------

TEST(RequestParser, ParsesARequestWithBodyAndStopsAtHeadFirst) {
    std::string head = "POST /sse/message?sessionId=a%20b HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nX-A:  v  \r\n\r\n";
    auto r = parseRequest(head + "body");
    EXPECT_THAT(r.events, ElementsAre(ParseEvent::HeadComplete, ParseEvent::MessageComplete));
    EXPECT_EQ(r.head.method, "POST");
    EXPECT_EQ(r.head.target, "/sse/message?sessionId=a%20b");
    EXPECT_EQ(r.head.headers.get("x-a").value_or(""), "v");
    EXPECT_EQ(r.head.framing, BodyFraming::ContentLength);
    EXPECT_EQ(r.body, "body");
    EXPECT_EQ(r.consumed, head.size() + 4);
    EXPECT_THAT(r.observations, IsEmpty());
}

TEST(RequestParser, ReportsHeadCompleteWithConsumedUpToTheBody) {
    RequestParser parser;
    std::string head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n";
    auto step = parser.feed(head + "abc", {});
    EXPECT_EQ(step.event, ParseEvent::HeadComplete);
    EXPECT_EQ(step.consumed, head.size());
    std::string body;
    step = parser.feed("abc", [&](std::string_view b) { body.append(b); });
    EXPECT_EQ(step.event, ParseEvent::MessageComplete);
    EXPECT_EQ(step.consumed, 3u);
    EXPECT_EQ(body, "abc");
}

TEST(RequestParser, BodilessRequestCompletesOnTheNextFeedWithoutBytes) {
    RequestParser parser;
    EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n", {}).event, ParseEvent::HeadComplete);
    auto step = parser.feed("", {});
    EXPECT_EQ(step.event, ParseEvent::MessageComplete);
    EXPECT_EQ(step.consumed, 0u);
}

TEST(RequestParser, NeedsMoreUntilTheHeadAndTheBodyAreComplete) {
    std::string raw = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    std::size_t headSize = raw.size() - 3;
    for (std::size_t cut = 0; cut < raw.size(); ++cut) {
        auto r = parseRequest(raw.substr(0, cut));
        if (cut < headSize) EXPECT_THAT(r.events, IsEmpty()) << cut;
        else EXPECT_THAT(r.events, ElementsAre(ParseEvent::HeadComplete)) << cut;
        EXPECT_EQ(r.consumed, cut) << "a prefix is consumed whole";
    }
}

TEST(RequestParser, DecodesChunkedBodiesAndLeavesTheNextRequest) {
    std::string message = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2 ; a=\"q\"\r\nde\r\n0\r\nTrailer: x\r\n\r\n";
    auto r = parseRequest(message + "NEXT");
    ASSERT_TRUE(r.complete) << r.error.reason;
    EXPECT_EQ(r.body, "abcde");
    EXPECT_EQ(r.consumed, message.size());
    RequestParser parser;
    run(parser, message);
    EXPECT_EQ(parser.trailers().get("Trailer").value_or(""), "x");
}

TEST(RequestParser, ParsesPipelinedRequestsAfterReset) {
    std::string raw = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nxGET /b HTTP/1.1\r\nHost: h\r\n\r\n";
    RequestParser parser;
    std::string_view in = raw;
    std::vector<std::string> targets;
    for (int guard = 0; guard < 10 && targets.size() < 2; ++guard) {
        auto step = parser.feed(in, {});
        in.remove_prefix(step.consumed);
        if (step.event == ParseEvent::MessageComplete) {
            targets.push_back(parser.head().target);
            parser.reset();
        }
    }
    EXPECT_THAT(targets, ElementsAre("/a", "/b"));
    EXPECT_TRUE(in.empty());
}

TEST(RequestParser, ToleratesBareLineFeedsLeadingEmptyLinesAndARepeatedLength) {
    auto r = parseRequest("\r\nPOST / HTTP/1.1\nHost: h\nContent-Length: 2, 2\nContent-Length: 2\n\nab");
    ASSERT_TRUE(r.complete) << r.error.reason;
    EXPECT_EQ(r.body, "ab");
    EXPECT_THAT(r.observations, ElementsAre(ObservationKind::BareLf, ObservationKind::RepeatedContentLength));
}

TEST(RequestParser, RefusesADeclaredOversizeBodyAtTheHead) {
    Limits limits;
    limits.maxBodyBytes = 10;
    RequestParser parser(limits);
    auto step = parser.feed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", {});
    EXPECT_EQ(step.event, ParseEvent::Failed);
    EXPECT_EQ(parser.error().status, 413);
    EXPECT_EQ(parser.head().target, "/") << "the head stays readable for the log line";
}

TEST(RequestParser, SaysWhenTheClientExpects100Continue) {
    RequestParser parser;
    parser.feed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n", {});
    EXPECT_TRUE(parser.expectsContinue());
    RequestParser empty;
    empty.feed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n", {});
    EXPECT_FALSE(empty.expectsContinue()) << "no body to wait for";
}

TEST(RequestParser, KeepAliveFollowsTheVersionAndConnectionOptions) {
    auto keepAlive = [](std::string raw) {
        RequestParser parser;
        parser.feed(raw, {});
        return parser.keepAlive();
    };
    EXPECT_TRUE(keepAlive("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
    EXPECT_FALSE(keepAlive("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, Close\r\n\r\n"));
    EXPECT_FALSE(keepAlive("GET / HTTP/1.0\r\n\r\n"));
    EXPECT_TRUE(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
}

TEST(RequestParser, IdleUntilTheFirstByteAndFinishFailsAPartialRequest) {
    RequestParser parser;
    EXPECT_TRUE(parser.idle());
    parser.feed("GET / HT", {});
    EXPECT_FALSE(parser.idle());
    EXPECT_EQ(parser.finish({}).event, ParseEvent::Failed);
}

struct MalformedRequest {
    const char* name;
    std::string raw;
    int status;
};

class RequestParserRefuses : public ::testing::TestWithParam<MalformedRequest> {};

TEST_P(RequestParserRefuses, WithTheRightStatusInAnySplit) {
    Limits limits;
    limits.maxHeadBytes = 4096;
    limits.maxTargetBytes = 1024;
    limits.maxBodyBytes = 100;
    limits.maxHeaderFields = 20;
    auto whole = parseRequest(GetParam().raw, 0, limits);
    EXPECT_TRUE(whole.failed);
    EXPECT_EQ(whole.error.status, GetParam().status) << whole.error.reason;
    auto bytewise = parseRequest(GetParam().raw, 1, limits);
    EXPECT_TRUE(bytewise.failed);
    EXPECT_EQ(bytewise.error.status, GetParam().status) << bytewise.error.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RequestParserRefuses,
    ::testing::Values(
        MalformedRequest{"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost: h\r\nAuthorization : Bearer x\r\n\r\n", 400},
        MalformedRequest{"ObsFold", "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer\r\n x\r\n\r\n", 400},
        MalformedRequest{"NulInValue", std::string("GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer x") + '\0' + "y\r\n\r\n", 400},
        MalformedRequest{"BareCrInValue", "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400},
        MalformedRequest{"BadFieldName", "GET / HTTP/1.1\r\nHost: h\r\nAuthor ization: x\r\n\r\n", 400},
        MalformedRequest{"ControlInName", "GET / HTTP/1.1\r\nHost: h\r\nAuth\x01: x\r\n\r\n", 400},
        MalformedRequest{"NoColon", "GET / HTTP/1.1\r\nHost: h\r\nJunk\r\n\r\n", 400},
        MalformedRequest{"NoHost", "GET / HTTP/1.1\r\n\r\n", 400},
        MalformedRequest{"TwoHosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        MalformedRequest{"InvalidHost", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400},
        MalformedRequest{"ConflictingLengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
        MalformedRequest{"ConflictingLengthList", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\nab", 400},
        MalformedRequest{"NegativeLength", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400},
        MalformedRequest{"SignedLength", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\nx", 400},
        MalformedRequest{"HugeLength", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 18446744073709551617\r\n\r\n", 400},
        MalformedRequest{"LengthAndChunked", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        MalformedRequest{"UnknownCoding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        MalformedRequest{"CodingBeforeChunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
        MalformedRequest{"ChunkedNotFinal", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400},
        MalformedRequest{"ChunkedTwice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        MalformedRequest{"ChunkedSubstring", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", 501},
        MalformedRequest{"ChunkedInHttp10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        MalformedRequest{"BadChunkSize", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
        MalformedRequest{"SpaceBeforeChunkSize", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n 1\r\na\r\n0\r\n\r\n", 400},
        MalformedRequest{"ChunkSizeTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n", 400},
        MalformedRequest{"BadChunkExtension", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;=x\r\na\r\n0\r\n\r\n", 400},
        MalformedRequest{"ChunkDataTooLong", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n", 400},
        MalformedRequest{"BodyTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", 413},
        MalformedRequest{"ChunkedTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n", 413},
        MalformedRequest{"ChunkedGrowsTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n60\r\n" + std::string(96, 'a') + "\r\n5\r\n", 413},
        MalformedRequest{"TargetTooLong", "GET /" + std::string(2000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414},
        MalformedRequest{"HeadTooLarge", "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(5000, 'a') + "\r\n\r\n", 431},
        MalformedRequest{"TooManyFields", "GET / HTTP/1.1\r\nHost: h\r\n" + [] {
                             std::string s;
                             for (int i = 0; i < 30; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
                             return s;
                         }() + "\r\n", 431},
        MalformedRequest{"TrailersTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + std::string(5000, 'a') + "\r\n\r\n", 431},
        MalformedRequest{"BadRequestLine", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        MalformedRequest{"BadMethod", "G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        MalformedRequest{"BadVersion", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
        MalformedRequest{"NotHttp", "hello\r\n\r\n", 400},
        MalformedRequest{"Garbage", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400},
        MalformedRequest{"TooManyEmptyLines", std::string(40, '\n') + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400}),
    [](const auto& test) { return test.param.name; });

// ---- responses (lenient): the hostile-response table ---------------------------------------

struct ResponseShape {
    const char* name;
    std::string raw;                              // the whole response as the server sent it, then close
    std::vector<ObservationKind> observed;        // in order
    std::optional<std::string> body;              // nullopt: the body read fails
    std::string method = "GET";
};

class ResponseDecoderShapes : public ::testing::TestWithParam<ResponseShape> {};

TEST_P(ResponseDecoderShapes, ObservesAndDecodesTheSameInAnySplit) {
    const auto& shape = GetParam();
    auto whole = decodeResponse(shape.raw, 0, true, shape.method);
    EXPECT_EQ(whole.observations, shape.observed);
    if (shape.body) {
        EXPECT_TRUE(whole.complete) << whole.error.reason;
        EXPECT_EQ(whole.body, *shape.body);
    } else {
        EXPECT_TRUE(whole.failed);
    }
    for (std::size_t piece : {1, 2, 7}) EXPECT_EQ(decodeResponse(shape.raw, piece, true, shape.method), whole) << piece;
    // Strict mode accepts exactly the shapes with nothing but tolerated observations.
    bool tolerated = std::all_of(shape.observed.begin(), shape.observed.end(), toleratedByStrict);
    auto strict = decodeResponse(shape.raw, 0, true, shape.method, Mode::Strict);
    EXPECT_EQ(strict.complete, tolerated && shape.body.has_value()) << strict.error.reason;
}

using K = ObservationKind;

INSTANTIATE_TEST_SUITE_P(
    Table, ResponseDecoderShapes,
    ::testing::Values(
        ResponseShape{"LengthFramed", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", {}, "hello"},
        ResponseShape{"Chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;a=b\r\n!\r\n0\r\nX: y\r\n\r\n", {}, "hello!"},
        ResponseShape{"UntilClose", "HTTP/1.1 200 OK\r\n\r\nstream", {}, "stream"},
        ResponseShape{"Interim100Skipped", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", {}, "ok"},
        ResponseShape{"HeadHasNoBody", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", {}, "", "HEAD"},
        ResponseShape{"NotModifiedHasNoBody", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", {}, ""},
        ResponseShape{"LengthWithChunked", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                      {K::ContentLengthWithTransferEncoding}, "hello"},
        ResponseShape{"NegativeLength", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello", {K::InvalidContentLength}, std::nullopt},
        ResponseShape{"NonDecimalLength", "HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello", {K::InvalidContentLength}, std::nullopt},
        ResponseShape{"EmptyLength", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nhello", {K::InvalidContentLength}, std::nullopt},
        ResponseShape{"DifferingLengths", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", {K::DifferingContentLengths}, std::nullopt},
        ResponseShape{"RepeatedLengthList", "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello", {K::RepeatedContentLength}, "hello"},
        ResponseShape{"ChunkedSubstring", "HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                      {K::UnknownTransferCoding}, "5\r\nhello\r\n0\r\n\r\n"},
        ResponseShape{"ChunkedNotFinal", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nzz",
                      {K::ChunkedNotFinal, K::UnknownTransferCoding}, "zz"},
        ResponseShape{"ChunkedTwice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", {K::ChunkedAppliedTwice}, "a"},
        ResponseShape{"UnknownCodingOnly", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b", {K::UnknownTransferCoding}, "\x1f\x8b"},
        ResponseShape{"LengthOn204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", {K::FramingFieldWithoutBody}, ""},
        ResponseShape{"ChunkedOn204", "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", {K::FramingFieldWithoutBody}, ""},
        ResponseShape{"BadChunkSize", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\nhello\r\n", {K::InvalidChunkSize}, std::nullopt},
        ResponseShape{"BadChunkExtension", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 junk\r\nhello\r\n0\r\n\r\n", {K::InvalidChunkExtension}, "hello"},
        ResponseShape{"ChunkDataOverrun", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", {K::ChunkDataNotFollowedByCrlf}, std::nullopt},
        ResponseShape{"MissingLastChunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", {K::UnterminatedChunkedBody}, std::nullopt},
        ResponseShape{"MissingFinalCrlf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n", {K::UnterminatedChunkedBody}, std::nullopt},
        ResponseShape{"ShortLengthBody", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", {K::BodyShorterThanContentLength}, std::nullopt},
        ResponseShape{"BareLfEverywhere", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n", {K::BareLf}, "ok"},
        ResponseShape{"BareCrInField", "HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 2\r\n\r\nok", {K::BareCr}, "ok"},
        ResponseShape{"ObsFoldJoined", "HTTP/1.1 200 OK\r\nX: a\r\n  b\r\nContent-Length: 2\r\n\r\nok", {K::ObsFold}, "ok"},
        ResponseShape{"SpaceBeforeColon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", {K::WhitespaceBeforeColon}, "ok"},
        ResponseShape{"JunkFieldLine", "HTTP/1.1 200 OK\r\nthis is junk\r\nContent-Length: 2\r\n\r\nok", {K::MalformedFieldLine}, "ok"},
        ResponseShape{"NulInValue", std::string("HTTP/1.1 200 OK\r\nX: a") + '\0' + "b\r\nContent-Length: 2\r\n\r\nok", {K::InvalidFieldValue}, "ok"},
        ResponseShape{"NoReasonSpace", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", {K::MalformedStartLine}, "ok"},
        ResponseShape{"NotHttp", "SSH-2.0-OpenSSH\r\n\r\n", {}, std::nullopt},
        ResponseShape{"ClosedInHead", "HTTP/1.1 200 OK\r\nContent-Le", {}, std::nullopt}),
    [](const auto& test) { return test.param.name; });

TEST(ResponseDecoder, JoinsObsFoldAndTrimsSpaceBeforeColonLikeAUserAgent) {
    auto r = decodeResponse("HTTP/1.1 200 OK\r\nX-A: one\r\n\t two\r\nX-B : v\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(r.head.headers.get("X-A").value_or(""), "one two");
    EXPECT_EQ(r.head.headers.get("X-B").value_or(""), "v");
}

TEST(ResponseDecoder, KeepsTheHeadWhenTheBodyFramingIsUnrecoverable) {
    auto r = decodeResponse("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 5, 6\r\n\r\nhello", 0, false);
    EXPECT_THAT(r.events, ElementsAre(ParseEvent::HeadComplete, ParseEvent::Failed));
    EXPECT_THAT(r.error.reason, ::testing::HasSubstr("cannot be delimited"));
    EXPECT_EQ(r.head.status, 401);
    EXPECT_EQ(r.head.headers.get("WWW-Authenticate").value_or(""), "Bearer");
}

TEST(ResponseDecoder, StreamsAnEndlessBodyWithoutBufferingIt) {
    ResponseDecoder decoder;
    std::size_t delivered = 0;
    auto sink = [&](std::string_view b) { delivered += b.size(); };
    EXPECT_EQ(decoder.feed("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", sink).event, ParseEvent::HeadComplete);
    std::string piece(4096, 'x');
    for (int i = 0; i < 256; ++i) EXPECT_EQ(decoder.feed(piece, sink).consumed, piece.size());
    EXPECT_EQ(delivered, 256u * 4096u);
    EXPECT_EQ(decoder.head().framing, BodyFraming::UntilClose);
    EXPECT_FALSE(decoder.keepAlive());
}

TEST(ResponseDecoder, FailsAnOversizeHeadWithoutGrowing) {
    ResponseDecoder decoder;
    std::string junk(64 * 1024, 'a');
    decoder.feed("HTTP/1.1 200 OK\r\nX: ", {});
    FeedResult step;
    for (int i = 0; i < 8 && step.event != ParseEvent::Failed; ++i) step = decoder.feed(junk, {});
    EXPECT_EQ(step.event, ParseEvent::Failed);
    EXPECT_THAT(decoder.error().reason, ::testing::HasSubstr("head larger"));
}

TEST(ResponseDecoder, ReportsTheInterimResponsesItSkipped) {
    ResponseDecoder decoder;
    decoder.feed("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", {});
    EXPECT_EQ(decoder.interimResponses(), 1u);
    EXPECT_EQ(decoder.head().status, 204);
    EXPECT_TRUE(decoder.head().headers.get("Link") == std::nullopt);
}

// ---- strict and lenient agree where they must ------------------------------------------------

TEST(MessageParserModes, LenientDecodesWhatStrictAcceptsIdentically) {
    const std::vector<std::string> requests = {
        "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
        "POST /x HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n1;a=\"b\"\nq\n0\nT: v\n\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    };
    for (const auto& raw : requests) {
        auto strict = parseRequest(raw, 0, {}, Mode::Strict);
        auto lenient = parseRequest(raw, 0, {}, Mode::Lenient);
        ASSERT_TRUE(strict.complete) << raw;
        EXPECT_EQ(strict, lenient) << raw;
        for (auto kind : lenient.observations) EXPECT_TRUE(toleratedByStrict(kind)) << name(kind);
    }
}

}  // namespace
}  // namespace mcp::http1
