// DecodedHttpStream over scripted bytes: the head and body come through the protocol's
// ResponseDecoder in any split, and its framing observations reach the suite.
#include "conformance/decoded_http_stream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mcp::conformance {
namespace {

using mcp::http1::ObservationKind;

struct Read {
    bool headOk = false;
    std::string error;
    HttpResponseHead head;
    std::string body;
    ReadStatus last = ReadStatus::Data;
    std::vector<ObservationKind> framing;
};

Read readAll(const std::string& raw, std::size_t piece, const std::string& method = "GET") {
    Read out;
    DecodedHttpStream stream(std::make_unique<StringSource>(raw, piece), method);
    bool timedOut = false;
    out.headOk = stream.readHead(Clock::now() + milliseconds(1000), out.error, timedOut);
    if (out.headOk) {
        out.head = stream.head();
        for (int guard = 0; guard < 100000 && out.last == ReadStatus::Data; ++guard) out.last = stream.read(out.body, milliseconds(1000));
        out.error = stream.error();
    }
    for (const auto& o : stream.framing()) out.framing.push_back(o.kind);
    return out;
}

TEST(DecodedHttpStream, ReadsTheHeadAndTheChunkedBodyInAnySplit) {
    std::string raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX: y\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    for (std::size_t piece : {1, 3, 1000}) {
        auto r = readAll(raw, piece);
        ASSERT_TRUE(r.headOk) << r.error;
        EXPECT_EQ(r.head.status, 200);
        EXPECT_EQ(r.head.headers.get("x").value_or(""), "y");
        EXPECT_EQ(r.body, "abcde");
        EXPECT_EQ(r.last, ReadStatus::End);
        EXPECT_TRUE(r.framing.empty());
    }
}

TEST(DecodedHttpStream, PassesOnTheDecodersFramingObservations) {
    auto r = readAll("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", 5);
    EXPECT_EQ(r.body, "ok");
    EXPECT_THAT(r.framing, ::testing::ElementsAre(ObservationKind::ContentLengthWithTransferEncoding));
}

TEST(DecodedHttpStream, ACutBodyIsAnErrorAndAnObservation) {
    auto r = readAll("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 2);
    EXPECT_EQ(r.body, "short");
    EXPECT_EQ(r.last, ReadStatus::Error);
    EXPECT_THAT(r.error, ::testing::HasSubstr("before the body was complete"));
    EXPECT_THAT(r.framing, ::testing::ElementsAre(ObservationKind::BodyShorterThanContentLength));
}

TEST(DecodedHttpStream, AnInvalidContentLengthKeepsTheHeadButNotTheBody) {
    auto r = readAll("HTTP/1.1 401 Unauthorized\r\nContent-Length: -5\r\n\r\nhello", 4);
    ASSERT_TRUE(r.headOk);
    EXPECT_EQ(r.head.status, 401);
    EXPECT_EQ(r.last, ReadStatus::Error);
    EXPECT_THAT(r.framing, ::testing::ElementsAre(ObservationKind::InvalidContentLength));
}

TEST(DecodedHttpStream, AHeadAnswerHasNoBody) {
    auto r = readAll("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 100, "HEAD");
    EXPECT_EQ(r.last, ReadStatus::End);
    EXPECT_TRUE(r.body.empty());
}

TEST(DecodedHttpStream, SaysHowTheHeadFailed) {
    EXPECT_EQ(readAll("", 1).error, "connection closed without a response");
    EXPECT_EQ(readAll("HTTP/1.1 200 OK\r\nX", 1).error, "connection closed inside the response head");
    EXPECT_EQ(readAll("SSH-2.0-OpenSSH\r\n\r\n", 1).error, "response does not start with an HTTP status line");
}

}  // namespace
}  // namespace mcp::conformance
