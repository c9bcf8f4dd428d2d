// Streamable HTTP at /mcp end to end: sessions, DELETE, protocol version header,
// Origin, Accept, batches by revision, SSE answers, GET stream and resumption (T-SH-*).
#include "reference-server/server_test_support.h"

namespace mcp::server::testing {
namespace {

using StreamableHttpTest = ServerTest;
const std::string kPing = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";

TEST_F(StreamableHttpTest, InitializeIssuesASessionAndToolsWork) {
    StreamableSession session(port_, "Bearer stream-token");
    auto init = session.initialize("2025-06-18");
    ASSERT_EQ(init.status, 200);
    EXPECT_EQ(init.headers.get("Content-Type").value_or(""), "application/json");
    EXPECT_EQ(session.id().size(), 32u);
    EXPECT_EQ(parseMessage(init.body).result->getValue<std::string>("protocolVersion"), "2025-06-18");

    auto token = session.post(callToolBody("2", "getToken", "{}"));
    ASSERT_EQ(token.status, 200);
    EXPECT_EQ(resultText(parseMessage(token.body)), "User's token: Bearer stream-token");
    auto sum = session.post(callToolBody("3", "add", R"({"a":-1,"b":0.25})"));
    EXPECT_EQ(resultText(parseMessage(sum.body)), "-0.75");
}

TEST_F(StreamableHttpTest, NotificationsGet202WithNoBody) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize();
    for (std::string body : {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                             R"({"jsonrpc":"2.0","method":"notifications/does_not_exist"})",
                             R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":424242}})",
                             R"({"jsonrpc":"2.0","id":5,"result":{}})"}) {
        auto r = session.post(body);
        EXPECT_EQ(r.status, 202) << body;
        EXPECT_TRUE(r.body.empty()) << body;
    }
}

TEST_F(StreamableHttpTest, SessionHeaderRulesAndDelete) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize();
    Headers noSession = session.headers(false);
    EXPECT_EQ(send(port_, "POST", "/mcp", noSession, kPing).status, 400);
    Headers unknown = noSession;
    unknown.emplace_back("Mcp-Session-Id", "ffffffffffffffffffffffffffffffff");
    EXPECT_EQ(send(port_, "POST", "/mcp", unknown, kPing).status, 404);

    auto del = send(port_, "DELETE", "/mcp", session.headers());
    EXPECT_EQ(del.status, 204);
    EXPECT_EQ(session.post(kPing).status, 404);
    EXPECT_EQ(send(port_, "GET", "/mcp", session.headers()).status, 404);
    EXPECT_EQ(send(port_, "DELETE", "/mcp", session.headers()).status, 404);
}

TEST_F(StreamableHttpTest, InitializeWithALiveSessionIsRefused) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize();
    auto again = session.post(initializeBody("9", "2025-06-18"));
    EXPECT_EQ(again.status, 400);
    EXPECT_EQ(parseMessage(again.body).error.code, kInvalidRequest);
    EXPECT_EQ(session.post(kPing).status, 200);
}

TEST_F(StreamableHttpTest, ProtocolVersionHeaderIsValidated) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-06-18");
    Headers base = session.headers(false);
    base.emplace_back("Mcp-Session-Id", session.id());
    for (std::string bad : {"2099-01-01", "garbage", "2025-6-18"}) {
        Headers h = base;
        h.emplace_back("MCP-Protocol-Version", bad);
        EXPECT_EQ(send(port_, "POST", "/mcp", h, kPing).status, 400) << bad;
        EXPECT_EQ(send(port_, "DELETE", "/mcp", h).status, 400) << bad;
    }
    Headers twice = base;
    twice.emplace_back("MCP-Protocol-Version", "2025-06-18");
    twice.emplace_back("MCP-Protocol-Version", "2025-03-26");
    EXPECT_EQ(send(port_, "POST", "/mcp", twice, kPing).status, 400);
    Headers padded = base;
    padded.emplace_back("MCP-Protocol-Version", "  2025-06-18 ");
    EXPECT_EQ(send(port_, "POST", "/mcp", padded, kPing).status, 200);
    EXPECT_EQ(send(port_, "POST", "/mcp", base, kPing).status, 200) << "a missing header is assumed, not refused";
}

TEST_F(StreamableHttpTest, ForeignOriginIsForbiddenAndLoopbackOriginsAllowed) {
    StreamableSession session(port_, "Bearer abc");
    Headers h = session.headers(false);
    h.emplace_back("Origin", "http://evil.example");
    EXPECT_EQ(send(port_, "POST", "/mcp", h, initializeBody("1", "2025-11-25")).status, 403);
    h.back().second = "null";
    EXPECT_EQ(send(port_, "POST", "/mcp", h, initializeBody("1", "2025-11-25")).status, 403);
    h.back().second = "http://localhost:6274";
    auto ok = send(port_, "POST", "/mcp", h, initializeBody("1", "2025-11-25"));
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.headers.get("Access-Control-Allow-Origin").value_or(""), "http://localhost:6274");
    EXPECT_EQ(send(port_, "GET", "/sse", {{"Authorization", "Bearer abc"}, {"Origin", "http://evil.example"}}).status, 403);
}

TEST_F(StreamableHttpTest, ForeignHostIsRefused) {
    auto r = sendRaw(port_, "GET /sse HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer abc\r\n\r\n");
    EXPECT_EQ(r.status, 403);
}

TEST_F(StreamableHttpTest, AcceptAndContentTypeAreChecked) {
    StreamableSession session(port_, "Bearer abc");
    Headers jsonOnly = {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}, {"Accept", "application/json"}};
    EXPECT_EQ(send(port_, "POST", "/mcp", jsonOnly, initializeBody("1", "2025-06-18")).status, 406);
    // Media ranges match ignoring case and parameters, and through wildcards.
    Headers textRange = jsonOnly;
    textRange[2].second = "text/*";
    EXPECT_EQ(send(port_, "POST", "/mcp", textRange, initializeBody("1", "2025-06-18")).status, 406);
    for (std::string range : {"Application/*;q=0.9, TEXT/Event-Stream", "*/*", "application/json , text/*; q=0.5"}) {
        Headers ranges = jsonOnly;
        ranges[2].second = range;
        EXPECT_EQ(send(port_, "POST", "/mcp", ranges, initializeBody("1", "2025-06-18")).status, 200) << range;
    }
    Headers textPlain = session.headers(false);
    textPlain[1].second = "text/plain";
    EXPECT_EQ(send(port_, "POST", "/mcp", textPlain, initializeBody("1", "2025-06-18")).status, 415);
    session.initialize();
    Headers getJson = session.headers();
    getJson[2].second = "application/json";
    EXPECT_EQ(send(port_, "GET", "/mcp", getJson).status, 406);
}

TEST_F(StreamableHttpTest, BatchesOnlyIn20250326) {
    std::string batch = R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":"2","method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"}])";
    StreamableSession old(port_, "Bearer abc");
    old.initialize("2025-03-26");
    auto r = old.post(batch);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"([{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":"2","result":{}}])");
    EXPECT_EQ(old.post("[]").status, 400);
    EXPECT_EQ(old.post(R"([{"jsonrpc":"2.0","method":"notifications/x"}])").status, 202);
    auto invalid = old.post("[1,2]");
    EXPECT_EQ(invalid.status, 200);
    EXPECT_EQ(invalid.body.front(), '[');
    std::size_t errors = 0;
    for (auto at = invalid.body.find(R"("id":null,"error":{"code":-32600)"); at != std::string::npos;
         at = invalid.body.find(R"("id":null,"error":{"code":-32600)", at + 1))
        ++errors;
    EXPECT_EQ(errors, 2u) << invalid.body;

    StreamableSession current(port_, "Bearer abc");
    current.initialize("2025-06-18");
    auto refused = current.post(batch);
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(parseMessage(refused.body).error.code, kInvalidRequest);
}

TEST_F(StreamableHttpTest, NotificationsTravelOnAnSseAnswerWithEventIdsAndResume) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-11-25");
    EventStream answer(port_, buildRequest("POST", "/mcp", session.headers(), callToolBody("4", "stream", R"({"count":3,"size":150})")));
    ASSERT_EQ(answer.status(), 200);
    EXPECT_EQ(answer.headers().get("Content-Type").value_or(""), "text/event-stream");
    auto priming = answer.next();
    ASSERT_TRUE(priming && priming->idField);
    EXPECT_EQ(priming->data, "");
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i) {
        auto e = answer.next();
        ASSERT_TRUE(e && e->idField) << i;
        ids.push_back(*e->idField);
        if (i == 3) {
            EXPECT_EQ(resultText(parseMessage(e->data)), "streamed 3");
        }
    }
    EXPECT_TRUE(answer.waitForEnd());

    // T-SH-30: resume after the first notification -> the rest, including the reply.
    Headers resume = session.headers();
    resume[2].second = "text/event-stream";
    resume.emplace_back("Last-Event-ID", ids[0]);
    EventStream replay(port_, buildRequest("GET", "/mcp", resume));
    ASSERT_EQ(replay.status(), 200);
    for (std::size_t i = 1; i < ids.size(); ++i) {
        auto e = replay.next();
        ASSERT_TRUE(e);
        EXPECT_EQ(e->idField.value_or(""), ids[i]);
    }
    EXPECT_TRUE(replay.waitForEnd());

    resume.back().second = "999-0";
    EXPECT_EQ(send(port_, "GET", "/mcp", resume).status, 404);
    resume.back().second = "garbage";
    EXPECT_EQ(send(port_, "GET", "/mcp", resume).status, 404);
}

TEST_F(StreamableHttpTest, GetStreamPrimesAndASecondOneConflicts) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-11-25");
    Headers h = session.headers();
    h[2].second = "text/event-stream";
    EventStream stream(port_, buildRequest("GET", "/mcp", h));
    ASSERT_EQ(stream.status(), 200);
    auto priming = stream.next();
    ASSERT_TRUE(priming && priming->idField);
    EXPECT_EQ(send(port_, "GET", "/mcp", h).status, 409);
    EXPECT_EQ(send(port_, "DELETE", "/mcp", session.headers()).status, 204);
    EXPECT_TRUE(stream.waitForEnd()) << "DELETE ends the session's GET stream";
}

TEST_F(StreamableHttpTest, UnsupportedMethodsGet405WithAllow) {
    auto r = send(port_, "PUT", "/mcp", {{"Authorization", "Bearer abc"}});
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.headers.get("Allow").value_or(""), "GET, POST, DELETE, OPTIONS");
    auto legacyProbe = send(port_, "POST", "/sse", {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}},
                            initializeBody("1", "2025-03-26"));
    EXPECT_EQ(legacyProbe.status, 405) << "T-SH-50: a POST to the legacy URL makes clients fall back";
}

TEST_F(StreamableHttpTest, SessionLimitEvictsTheLongestIdleSession) {
    ServerConfig config;
    config.maxSessions = 2;
    start(config);
    StreamableSession a(port_, "Bearer abc"), b(port_, "Bearer other"), c(port_, "Bearer third");
    EXPECT_EQ(a.initialize().status, 200);
    EXPECT_EQ(b.initialize().status, 200);
    EXPECT_EQ(a.post(kPing).status, 200);  // b is now the longest idle
    EXPECT_EQ(c.initialize().status, 200) << "a full server makes room instead of refusing everyone";
    EXPECT_EQ(b.post(kPing).status, 404);
    EXPECT_EQ(a.post(kPing).status, 200);
    EXPECT_EQ(c.post(kPing).status, 200);
    EXPECT_EQ(server_->context().metrics.render({}).find("mcp_sessions_evicted_total{cause=\"session-limit\"} 1") != std::string::npos,
              true);
}

TEST_F(StreamableHttpTest, IdleSessionsExpire) {
    ServerConfig config;
    config.sessionIdleTimeout = std::chrono::seconds(60);
    start(config);
    StreamableSession session(port_, "Bearer abc");
    session.initialize();
    clock_.advance(59s);
    ASSERT_TRUE(server_->housekeepNow());
    EXPECT_EQ(session.post(kPing).status, 200);
    clock_.advance(61s);  // idle since the ping
    ASSERT_TRUE(server_->housekeepNow());
    EXPECT_EQ(server_->context().sessions.size(), 0u);
    EXPECT_EQ(session.post(kPing).status, 404);
}

}  // namespace
}  // namespace mcp::server::testing
