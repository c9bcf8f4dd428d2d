// Tests for HttpResponseReader: framing by length, chunks and close; splits; limits.
#include "bench/http_response_reader.h"

#include <gtest/gtest.h>

namespace mcp::bench {
namespace {

// Feeds `bytes` split into pieces of `step` bytes; returns the body and the bytes used.
std::pair<std::string, std::size_t> feedInPieces(HttpResponseReader& reader, std::string_view bytes, std::size_t step) {
    std::string body;
    std::size_t used = 0;
    while (used < bytes.size() && !reader.complete() && !reader.failed()) {
        const auto piece = bytes.substr(used, step);
        const std::size_t n = reader.feed(piece, [&](std::string_view b) { body.append(b); });
        used += n;
        if (n < piece.size()) break;
    }
    return {body, used};
}

}  // namespace

TEST(HttpResponseReader, ContentLengthBody) {
    const std::string wire = "HTTP/1.1 202 Accepted\r\nContent-Length: 8\r\n\r\nAcceptedNEXT";
    for (std::size_t step : {1u, 3u, 1000u}) {
        HttpResponseReader reader;
        auto [body, used] = feedInPieces(reader, wire, step);
        EXPECT_TRUE(reader.complete()) << step;
        EXPECT_EQ(reader.status(), 202);
        EXPECT_EQ(body, "Accepted");
        EXPECT_EQ(used, wire.size() - 4);  // "NEXT" belongs to the next response
        EXPECT_TRUE(reader.keepAlive());
    }
}

TEST(HttpResponseReader, ChunkedBodyWithExtensionsAndTrailers) {
    const std::string wire =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"
        "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n";
    for (std::size_t step : {1u, 2u, 7u, 4096u}) {
        HttpResponseReader reader;
        auto [body, used] = feedInPieces(reader, wire, step);
        EXPECT_TRUE(reader.complete()) << step;
        EXPECT_EQ(body, "hello world");
        EXPECT_EQ(reader.header("content-type"), "text/event-stream");
        EXPECT_EQ(used, wire.size());
    }
}

TEST(HttpResponseReader, BodyUntilCloseCompletesAtEndOfStream) {
    HttpResponseReader reader;
    auto [body, used] = feedInPieces(reader, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: x\n\n", 5);
    EXPECT_FALSE(reader.complete());
    EXPECT_FALSE(reader.keepAlive());
    reader.onEndOfStream();
    EXPECT_TRUE(reader.complete());
    EXPECT_EQ(body, "data: x\n\n");
}

TEST(HttpResponseReader, TruncatedBodyFailsAtEndOfStream) {
    HttpResponseReader reader;
    feedInPieces(reader, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100);
    reader.onEndOfStream();
    EXPECT_TRUE(reader.failed());
}

TEST(HttpResponseReader, SkipsInterimResponses) {
    HttpResponseReader reader;
    auto [body, used] = feedInPieces(reader, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\n"
                                             "WWW-Authenticate: Bearer\r\nContent-Length: 0\r\n\r\n", 4);
    EXPECT_TRUE(reader.complete());
    EXPECT_EQ(reader.status(), 401);
    EXPECT_EQ(reader.header("www-authenticate"), "Bearer");
}

TEST(HttpResponseReader, ConnectionCloseHeaderDisablesKeepAlive) {
    HttpResponseReader reader;
    feedInPieces(reader, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100);
    EXPECT_TRUE(reader.complete());
    EXPECT_FALSE(reader.keepAlive());
}

TEST(HttpResponseReader, RejectsMalformedInput) {
    for (std::string_view wire : {"NOT HTTP\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n",
                                  "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                                  "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"}) {
        HttpResponseReader reader;
        feedInPieces(reader, wire, 3);
        EXPECT_TRUE(reader.failed()) << wire;
    }
}

TEST(HttpResponseReader, BoundsTheHeadSize) {
    HttpResponseReader reader;
    const std::string huge = "HTTP/1.1 200 OK\r\nX: " + std::string(HttpResponseReader::kMaxHeadBytes, 'a');
    feedInPieces(reader, huge, 4096);
    EXPECT_TRUE(reader.failed());
}

TEST(HttpResponseReader, ResetReadsTheNextResponse) {
    HttpResponseReader reader;
    feedInPieces(reader, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n", 100);
    ASSERT_TRUE(reader.complete());
    reader.reset();
    feedInPieces(reader, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno", 100);
    EXPECT_TRUE(reader.complete());
    EXPECT_EQ(reader.status(), 404);
}

}  // namespace mcp::bench
