// Answers that come later, end to end over both transports with `--fixtures conformance`:
// a server-to-client request answered on a later POST, progress on the request's own
// stream, cancellation, SSE polling (disconnect, then resume with Last-Event-ID), the
// tools list_changed notification on the GET stream, and `--no-auth`.
#include "reference-server/server_test_support.h"

namespace mcp::server::testing {
namespace {

class DeferredAnswersTest : public ServerTest {
protected:
    void SetUp() override {
        ServerConfig config;
        config.conformanceFixtures = true;
        start(config);
    }
};

Headers getHeaders(const StreamableSession& session) {
    Headers h = session.headers();
    h[2].second = "text/event-stream";
    return h;
}

TEST_F(DeferredAnswersTest, SamplingIsAnsweredOnALaterPostAndTheResultEndsTheStream) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-06-18", R"({"sampling":{}})");
    EventStream answer(port_, buildRequest("POST", "/mcp", session.headers(), callToolBody("7", "test_sampling", R"({"prompt":"hi"})")));
    ASSERT_EQ(answer.status(), 200);
    EXPECT_EQ(answer.headers().get("Content-Type").value_or(""), "text/event-stream");
    auto asked = answer.next();
    ASSERT_TRUE(asked);
    auto request = parseMessage(asked->data);
    EXPECT_EQ(request.method, "sampling/createMessage");
    ASSERT_TRUE(request.id);

    auto reply = session.post(R"({"jsonrpc":"2.0","id":)" + request.id->toJson() +
                              R"(,"result":{"role":"assistant","content":{"type":"text","text":"hello"},"model":"m"}})");
    EXPECT_EQ(reply.status, 202);
    auto result = answer.next();
    ASSERT_TRUE(result);
    EXPECT_EQ(resultText(parseMessage(result->data)), "LLM response: hello");
    EXPECT_TRUE(answer.waitForEnd());
}

TEST_F(DeferredAnswersTest, ProgressTravelsOnTheCallsStreamNotTheGetStream) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-06-18");
    EventStream get(port_, buildRequest("GET", "/mcp", getHeaders(session)));
    ASSERT_EQ(get.status(), 200);
    EventStream answer(port_, buildRequest("POST", "/mcp", session.headers(),
                                           R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"test_tool_with_progress","_meta":{"progressToken":"p-1"}}})"));
    for (int expected : {0, 50, 100}) {
        auto e = answer.next();
        ASSERT_TRUE(e);
        auto progress = parseMessage(e->data);
        EXPECT_EQ(progress.method, "notifications/progress");
        EXPECT_EQ(progress.params->getValue<std::string>("progressToken"), "p-1");
        EXPECT_EQ(progress.params->getValue<int>("progress"), expected);
    }
    auto result = answer.next();
    ASSERT_TRUE(result);
    EXPECT_EQ(parseMessage(result->data).id->integer(), 3);
    EXPECT_TRUE(answer.waitForEnd());
    EXPECT_FALSE(get.next(100ms)) << "nothing of the call's went to the GET stream";
}

TEST_F(DeferredAnswersTest, CancelledCallEndsItsStreamWithoutAResponse) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-06-18");
    EventStream answer(port_, buildRequest("POST", "/mcp", session.headers(),
                                           R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"slow","arguments":{"durationMs":60000},"_meta":{"progressToken":1}}})"));
    auto started = answer.next();
    ASSERT_TRUE(started);  // progress 0: the call is in flight
    EXPECT_EQ(session.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9,"reason":"test"}})").status, 202);
    EXPECT_FALSE(answer.next(2s)) << "no response for a cancelled request";
    EXPECT_TRUE(answer.waitForEnd());
}

TEST_F(DeferredAnswersTest, DeleteEndsAnAnswerStillOpen) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-06-18");
    EventStream answer(port_, buildRequest("POST", "/mcp", session.headers(),
                                           R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"slow","arguments":{"durationMs":60000},"_meta":{"progressToken":1}}})"));
    ASSERT_TRUE(answer.next());
    EXPECT_EQ(send(port_, "DELETE", "/mcp", session.headers()).status, 204);
    EXPECT_TRUE(answer.waitForEnd());
}

TEST_F(DeferredAnswersTest, PollingClosesTheStreamAndTheResultFollowsTheResume) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-11-25");
    EventStream answer(port_, buildRequest("POST", "/mcp", session.headers(), callToolBody("1", "test_reconnection", "{}")));
    auto priming = answer.next();
    ASSERT_TRUE(priming && priming->idField);
    EXPECT_TRUE(answer.waitForEnd()) << "the server closes the stream mid-call";

    Headers resume = getHeaders(session);
    resume.emplace_back("Last-Event-ID", *priming->idField);
    EventStream resumed(port_, buildRequest("GET", "/mcp", resume));
    ASSERT_EQ(resumed.status(), 200);
    auto result = resumed.next();
    ASSERT_TRUE(result);
    EXPECT_EQ(parseMessage(result->data).id->integer(), 1);
    EXPECT_TRUE(resumed.waitForEnd());
}

TEST_F(DeferredAnswersTest, ToggleToolAnnouncesTheChangeOnTheGetStream) {
    StreamableSession session(port_, "Bearer abc");
    session.initialize("2025-06-18");
    EventStream get(port_, buildRequest("GET", "/mcp", getHeaders(session)));
    ASSERT_EQ(get.status(), 200);
    EXPECT_EQ(session.post(callToolBody("2", "toggle_tool", "{}")).status, 200);
    auto changed = get.next();
    ASSERT_TRUE(changed);
    EXPECT_EQ(parseMessage(changed->data).method, "notifications/tools/list_changed");
    auto list = session.post(R"({"jsonrpc":"2.0","id":3,"method":"tools/list"})");
    EXPECT_NE(list.body.find("toggled_tool"), std::string::npos);
}

TEST_F(DeferredAnswersTest, LegacyStreamCarriesLogsThenTheResult) {
    LegacySession session(port_, "Bearer abc");
    ASSERT_TRUE(session.opened());
    session.initialize("2024-11-05");
    EXPECT_EQ(session.post(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}})").status, 202);
    ASSERT_TRUE(session.stream().next());  // the setLevel answer
    EXPECT_EQ(session.post(callToolBody("2", "test_tool_with_logging", "{}")).status, 202);
    for (const char* text : {"Tool execution started", "Tool processing data", "Tool execution completed"}) {
        auto e = session.stream().next();
        ASSERT_TRUE(e);
        EXPECT_EQ(parseMessage(e->data).params->getValue<std::string>("data"), text);
    }
    auto result = session.stream().next();
    ASSERT_TRUE(result);
    EXPECT_EQ(parseMessage(result->data).id->integer(), 2);
}

TEST_F(ServerTest, NoAuthServesWithoutATokenAndSaysSoOnTheLandingPage) {
    EXPECT_EQ(send(port_, "GET", "/", {}).body.find("NO AUTHENTICATION"), std::string::npos);
    ServerConfig config;
    config.noAuth = true;
    start(config);
    StreamableSession session(port_, "");
    Headers h = session.headers(false);
    h.erase(h.begin());  // no Authorization header at all
    auto init = send(port_, "POST", "/mcp", h, initializeBody("1", "2025-06-18"));
    EXPECT_EQ(init.status, 200);
    EXPECT_NE(send(port_, "GET", "/", {}).body.find("NO AUTHENTICATION"), std::string::npos);
}

}  // namespace
}  // namespace mcp::server::testing
