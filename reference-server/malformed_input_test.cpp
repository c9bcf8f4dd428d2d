// The malformed-input table: raw request bytes over a real connection; each row gets
// its HTTP status and JSON-RPC error, and the server still serves the next request.
#include "reference-server/server_test_support.h"

namespace mcp::server::testing {
namespace {

struct MalformedInputRow {
    const char* name;
    std::string raw;     // "{EP}" is replaced by the session's endpoint, "{SID}" by a Streamable session id
    int status;
    int code;            // 0: no JSON-RPC body expected
};

class MalformedInputTest : public ServerTest, public ::testing::WithParamInterface<MalformedInputRow> {};

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

std::string post(const std::string& target, const std::string& extraHeaders, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer abc\r\n" + extraHeaders +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kJson = "Content-Type: application/json\r\n";
const std::string kMcp = kJson + "Accept: application/json, text/event-stream\r\nMcp-Session-Id: {SID}\r\n";

TEST_P(MalformedInputTest, GetsStatusAndErrorAndServerGoesOn) {
    LegacySession legacy(port_, "Bearer abc");
    legacy.initialize();
    StreamableSession streamable(port_, "Bearer abc");
    ASSERT_EQ(streamable.initialize("2025-06-18").status, 200);

    std::string raw = replaceAll(replaceAll(GetParam().raw, "{EP}", legacy.endpoint()), "{SID}", streamable.id());
    auto r = sendRaw(port_, raw);
    EXPECT_EQ(r.status, GetParam().status) << r.body;
    if (GetParam().code != 0) {
        EXPECT_EQ(parseMessage(r.body).error.code, GetParam().code) << r.body;
    }

    auto next = legacy.request(R"({"jsonrpc":"2.0","id":"after","method":"ping"})");
    ASSERT_TRUE(next) << "the server stopped serving after " << GetParam().name;
    EXPECT_EQ(next->id, JsonRpcId("after"));
    EXPECT_EQ(streamable.post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})").status, 200);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedInputTest,
    ::testing::Values(
        MalformedInputRow{"LegacyTruncatedJson", post("{EP}", kJson, R"({"jsonrpc":"2.0","id":1,)"), 400, -32700},
        MalformedInputRow{"LegacyNotJsonRpc", post("{EP}", kJson, R"({"foo":1})"), 400, -32600},
        MalformedInputRow{"LegacyInvalidUtf8", post("{EP}", kJson, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xC0\xAF\"}"), 400, -32700},
        MalformedInputRow{"LegacyWrongContentType", post("{EP}", "Content-Type: text/plain\r\n", "{}"), 415, -32600},
        MalformedInputRow{"LegacyNoContentType", post("{EP}", "", "{}"), 415, -32600},
        MalformedInputRow{"LegacyDeepNesting", post("{EP}", kJson, std::string(5000, '[') + std::string(5000, ']')), 400, -32700},
        MalformedInputRow{"McpTruncatedJson", post("/mcp", kMcp, "{"), 400, -32700},
        MalformedInputRow{"McpMethodNotString", post("/mcp", kMcp, R"({"jsonrpc":"2.0","method":7})"), 400, -32600},
        MalformedInputRow{"McpIdObject", post("/mcp", kMcp, R"({"jsonrpc":"2.0","id":{},"method":"ping"})"), 400, -32600},
        MalformedInputRow{"McpIdFraction", post("/mcp", kMcp, R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})"), 400, -32600},
        MalformedInputRow{"McpParamsString", post("/mcp", kMcp, R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})"), 400, -32600},
        MalformedInputRow{"McpBatchIn20250618", post("/mcp", kMcp, R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"), 400, -32600},
        MalformedInputRow{"McpEmptyBody", post("/mcp", kMcp, ""), 400, -32700},
        MalformedInputRow{"HeaderSpaceBeforeColon", "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization : Bearer abc\r\n\r\n", 400, 0},
        MalformedInputRow{"HeaderObsFold", "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer\r\n abc\r\n\r\n", 400, 0},
        MalformedInputRow{"ConflictingContentLength", "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400, 0},
        MalformedInputRow{"SmugglingProbe", "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, 0},
        MalformedInputRow{"UnknownPath", "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404, -32000},
        MalformedInputRow{"GarbageRequestLine", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400, 0}),
    [](const auto& test) { return test.param.name; });

}  // namespace
}  // namespace mcp::server::testing
