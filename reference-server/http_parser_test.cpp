// The strict HTTP/1.1 request parser: framing, header rules and limits (H-1..H-11).
#include "reference-server/http_parser.h"

#include <gtest/gtest.h>

namespace mcp::server {
namespace {

ParseResult parse(const std::string& raw, HttpLimits limits = {}) { return parseHttpRequest(raw, limits); }

TEST(HttpParser, ParsesARequestWithBodyAndQuery) {
    auto r = parse("POST /sse/message?sessionId=a%20b&x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nX-A:  v  \r\n\r\nbody");
    ASSERT_EQ(r.status, ParseStatus::Complete);
    EXPECT_EQ(r.request.method, "POST");
    EXPECT_EQ(r.request.path, "/sse/message");
    EXPECT_EQ(r.request.queryParam("sessionId").value_or(""), "a b");
    EXPECT_EQ(r.request.headers.get("x-a").value_or(""), "v");
    EXPECT_EQ(r.request.body, "body");
    EXPECT_EQ(r.consumed, r.request.body.size() + std::string("POST /sse/message?sessionId=a%20b&x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nX-A:  v  \r\n\r\n").size());
}

TEST(HttpParser, NeedsMoreUntilHeadAndBodyAreComplete) {
    std::string raw = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    for (std::size_t cut = 0; cut < raw.size(); ++cut)
        EXPECT_EQ(parse(raw.substr(0, cut)).status, ParseStatus::NeedMore) << cut;
    EXPECT_EQ(parse(raw).status, ParseStatus::Complete);
}

TEST(HttpParser, DecodesChunkedBodies) {
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\nNEXT");
    ASSERT_EQ(r.status, ParseStatus::Complete);
    EXPECT_EQ(r.request.body, "abcde");
    EXPECT_EQ(r.consumed, std::string("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n").size());
}

TEST(HttpParser, AcceptsBareLineFeedsAndLeadingEmptyLines) {
    auto r = parse("\r\nGET / HTTP/1.1\nHost: h\n\n");
    ASSERT_EQ(r.status, ParseStatus::Complete);
    EXPECT_EQ(r.request.path, "/");
}

struct MalformedRow {
    const char* name;
    std::string raw;
    int status;
};

class HttpParserRejects : public ::testing::TestWithParam<MalformedRow> {};

TEST_P(HttpParserRejects, WithTheRightStatus) {
    HttpLimits limits;
    limits.maxHeadBytes = 4096;
    limits.maxTargetBytes = 1024;
    limits.maxBodyBytes = 100;
    auto r = parseHttpRequest(GetParam().raw, limits);
    EXPECT_EQ(r.status, ParseStatus::Error);
    EXPECT_EQ(r.errorStatus, GetParam().status) << r.errorReason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, HttpParserRejects,
    ::testing::Values(
        MalformedRow{"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost: h\r\nAuthorization : Bearer x\r\n\r\n", 400},
        MalformedRow{"ObsFold", "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer\r\n x\r\n\r\n", 400},
        MalformedRow{"NulInValue", std::string("GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer x") + '\0' + "y\r\n\r\n", 400},
        MalformedRow{"BareCrInValue", "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400},
        MalformedRow{"BadFieldName", "GET / HTTP/1.1\r\nHost: h\r\nAuthor ization: x\r\n\r\n", 400},
        MalformedRow{"ControlInName", "GET / HTTP/1.1\r\nHost: h\r\nAuth\x01: x\r\n\r\n", 400},
        MalformedRow{"NoHost", "GET / HTTP/1.1\r\n\r\n", 400},
        MalformedRow{"TwoHosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        MalformedRow{"InvalidHost", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400},
        MalformedRow{"ConflictingLengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
        MalformedRow{"InvalidLength", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400},
        MalformedRow{"LengthAndChunked", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        MalformedRow{"UnknownCoding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        MalformedRow{"BadChunkSize", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
        MalformedRow{"BodyTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", 413},
        MalformedRow{"ChunkedTooLarge", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n", 413},
        MalformedRow{"TargetTooLong", "GET /" + std::string(2000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414},
        MalformedRow{"HeadTooLarge", "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(5000, 'a') + "\r\n\r\n", 431},
        MalformedRow{"BadRequestLine", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        MalformedRow{"BadVersion", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
        MalformedRow{"NotHttp", "hello\r\n\r\n", 400}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mcp::server
