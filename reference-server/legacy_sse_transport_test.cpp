// The legacy HTTP+SSE transport end to end: endpoint event, the full exchange,
// exact header echo, session errors and body errors (T-SSE-*, ECHO).
#include "reference-server/server_test_support.h"

#include <map>
#include <regex>

namespace mcp::server::testing {
namespace {

using LegacySseTest = ServerTest;

// A token of `size` bytes cycling through every b64token character, then "==" padding.
std::string b64Token(std::size_t size) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
    std::string token;
    for (std::size_t i = 0; token.size() + 2 < size; ++i) token += alphabet[i % alphabet.size()];
    while (token.size() < size) token += token.empty() ? 'A' : '=';
    return token;
}

TEST_F(LegacySseTest, StreamStartsWithEndpointEventNamingAFreshSession) {
    auto stream = EventStream(port_, buildRequest("GET", "/sse?sessionId=attacker", {{"Authorization", "Bearer abc"}}));
    ASSERT_EQ(stream.status(), 200);
    EXPECT_EQ(stream.headers().get("Content-Type").value_or(""), "text/event-stream");
    EXPECT_EQ(stream.headers().get("Cache-Control").value_or(""), "no-cache");
    auto first = stream.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->type, "endpoint");
    EXPECT_TRUE(std::regex_match(first->data, std::regex("/sse/message\\?sessionId=[0-9a-f]{32}"))) << first->data;

    LegacySession other(port_, "Bearer abc");
    EXPECT_NE(other.endpoint(), first->data);
}

TEST_F(LegacySseTest, FullExchangeRepliesOnTheStream) {
    LegacySession session(port_, "Bearer demo-token");
    ASSERT_TRUE(session.opened());
    auto init = session.request(initializeBody("1", "2024-11-05"));
    ASSERT_TRUE(init && init->result);
    EXPECT_EQ(init->id, JsonRpcId(1));
    EXPECT_EQ(init->result->getValue<std::string>("protocolVersion"), "2024-11-05");
    EXPECT_TRUE(init->result->getObject("capabilities")->has("tools"));
    auto accepted = session.post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    EXPECT_EQ(accepted.status, 202);
    EXPECT_EQ(accepted.body, "Accepted");

    auto list = session.request(R"({"jsonrpc":"2.0","id":"list","method":"tools/list"})");
    ASSERT_TRUE(list && list->result);
    auto tools = list->result->getArray("tools");
    ASSERT_GE(tools->size(), 2u);
    EXPECT_EQ(tools->getObject(0)->getValue<std::string>("name"), "add");
    EXPECT_EQ(tools->getObject(1)->getValue<std::string>("name"), "getToken");

    auto token = session.request(callToolBody("2", "getToken", "{}"));
    ASSERT_TRUE(token);
    EXPECT_EQ(resultText(*token), "User's token: Bearer demo-token");
    auto sum = session.request(callToolBody("3", "add", R"({"a":2,"b":3.5})"));
    ASSERT_TRUE(sum);
    EXPECT_EQ(resultText(*sum), "5.5");
}

TEST_F(LegacySseTest, GetTokenEchoesTheExactHeaderValueForTokensUpTo8KiB) {
    for (std::size_t size : {1u, 2u, 3u, 64u, 65u, 1000u, 4096u, 8192u}) {
        std::string value = "Bearer " + b64Token(size);
        LegacySession session(port_, value);
        ASSERT_TRUE(session.opened()) << size;
        session.initialize();
        auto reply = session.request(callToolBody("7", "getToken", "{}"));
        ASSERT_TRUE(reply) << size;
        EXPECT_EQ(resultText(*reply), "User's token: " + value) << size;
    }
}

TEST_F(LegacySseTest, GetTokenEchoesSchemeSpellingAndSpacesAsSent) {
    for (std::string value : {"bearer abc", "BEARER abc", "Bearer    abc=="}) {
        LegacySession session(port_, value);
        session.initialize();
        auto reply = session.request(callToolBody("1", "getToken", "{}"));
        ASSERT_TRUE(reply);
        EXPECT_EQ(resultText(*reply), "User's token: " + value);
    }
}

TEST_F(LegacySseTest, TwoSessionsNeverSeeEachOthersToken) {
    LegacySession a(port_, "Bearer token-a");
    LegacySession b(port_, "Bearer token-b");
    a.initialize();
    b.initialize();
    auto ra = a.request(callToolBody("1", "getToken", "{}"));
    auto rb = b.request(callToolBody("1", "getToken", "{}"));
    ASSERT_TRUE(ra && rb);
    EXPECT_EQ(resultText(*ra), "User's token: Bearer token-a");
    EXPECT_EQ(resultText(*rb), "User's token: Bearer token-b");
    // A fence instead of a quiet period: A's reply has arrived, so a leak onto B's stream was
    // queued before this ping's reply, which must therefore be the next event on B.
    auto ping = b.request(R"({"jsonrpc":"2.0","id":"fence","method":"ping"})");
    ASSERT_TRUE(ping);
    EXPECT_EQ(ping->id, JsonRpcId("fence")) << "a reply for session A leaked onto B's stream";
}

TEST_F(LegacySseTest, SessionErrorsGetTheirStatus) {
    Headers headers = {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}};
    std::string ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
    EXPECT_EQ(send(port_, "POST", "/sse/message", headers, ping).status, 400);
    EXPECT_EQ(send(port_, "POST", "/sse/message?sessionId=", headers, ping).status, 400);
    auto unknown = send(port_, "POST", "/sse/message?sessionId=0123456789abcdef0123456789abcdef", headers, ping);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(parseMessage(unknown.body).error.code, -32001);
}

TEST_F(LegacySseTest, ClosingTheStreamEndsTheSession) {
    auto session = std::make_unique<LegacySession>(port_, "Bearer abc");
    ASSERT_TRUE(session->opened());
    std::string endpoint = session->endpoint();
    EXPECT_EQ(server_->context().sessions.size(), 1u);
    session->stream().close();
    ASSERT_TRUE(fenceUntil([&] { return server_->context().sessions.size() == 0; }));
    Headers headers = {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}};
    EXPECT_EQ(send(port_, "POST", endpoint, headers, R"({"jsonrpc":"2.0","id":1,"method":"ping"})").status, 404);
}

TEST_F(LegacySseTest, BadBodiesGetStatusAndJsonRpcErrorAndTheSessionGoesOn) {
    LegacySession session(port_, "Bearer abc");
    session.initialize();
    struct BadBody { std::string body; Headers headers; int status; int code; };
    std::vector<BadBody> rows = {
        {"{", {}, 400, kParseError},
        {R"({"jsonrpc":"2.0","id":1,)", {}, 400, kParseError},
        {"\xff\xfe", {}, 400, kParseError},
        {R"({"foo":1})", {}, 400, kInvalidRequest},
        {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", {}, 400, kInvalidRequest},
        {R"({"jsonrpc":"2.0","id":null,"method":"ping"})", {}, 400, kInvalidRequest},
        {R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", {}, 400, kInvalidRequest},
    };
    for (const auto& row : rows) {
        auto r = session.post(row.body, row.headers);
        EXPECT_EQ(r.status, row.status) << row.body;
        EXPECT_EQ(parseMessage(r.body).error.code, row.code) << row.body;
    }
    auto wrongType = send(port_, "POST", session.endpoint(), {{"Authorization", "Bearer abc"}, {"Content-Type", "text/plain"}},
                          R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    EXPECT_EQ(wrongType.status, 415);
    auto reply = session.request(R"({"jsonrpc":"2.0","id":99,"method":"ping"})");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->id, JsonRpcId(99));
}

TEST_F(LegacySseTest, OversizeBodyGets413) {
    ServerConfig config;
    config.http.maxBodyBytes = 1024;
    start(config);
    LegacySession session(port_, "Bearer abc");
    auto r = session.post(std::string(2048, ' '));
    EXPECT_EQ(r.status, 413);
    EXPECT_TRUE(session.request(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"));
}

TEST_F(LegacySseTest, StreamToolDeliversAllEventsThenTheReply) {
    LegacySession session(port_, "Bearer abc");
    session.initialize();
    ASSERT_EQ(session.post(callToolBody("5", "stream", R"({"count":2000,"size":200})")).status, 202);
    for (int seq = 0; seq < 2000; ++seq) {
        auto e = session.stream().next();
        ASSERT_TRUE(e) << seq;
        ASSERT_NE(e->data.find("\"seq\":" + std::to_string(seq) + ","), std::string::npos) << e->data.substr(0, 120);
        ASSERT_EQ(e->data.size(), 200u);
    }
    auto last = session.stream().next();
    ASSERT_TRUE(last);
    EXPECT_EQ(resultText(parseMessage(last->data)), "streamed 2000");
}

TEST_F(LegacySseTest, AStalledReaderStaysUnderTheQueueLimitAndIsDropped) {
    ServerConfig config;
    config.maxQueuedBytesPerSession = 256 * 1024;
    start(config);
    LegacySession stalled(port_, "Bearer abc");
    stalled.initialize();
    // 16 MB the stalled client never reads: it may only be produced as fast as it drains.
    ASSERT_EQ(stalled.post(callToolBody("1", "stream", R"({"count":16000,"size":1000})")).status, 202);
    LegacySession active(port_, "Bearer abc");
    active.initialize();
    for (int i = 0; i < 20; ++i) {
        auto reply = active.request(callToolBody(std::to_string(i), "add", R"({"a":1,"b":2})"));
        ASSERT_TRUE(reply);
        EXPECT_EQ(resultText(*reply), "3");
    }
    fence();
    auto& metrics = server_->context().metrics;
    EXPECT_GT(metrics.queuedBytes().load(), 0) << "the stalled stream's socket should be full by now";
    EXPECT_LE(metrics.queuedBytes().load(), static_cast<std::int64_t>(config.maxQueuedBytesPerSession));
    EXPECT_EQ(server_->context().sessions.size(), 2u);

    clock_.advance(config.writeStallTimeout);
    fence();
    EXPECT_EQ(metrics.streamsDropped(OutboundQueue::CloseReason::WriteStalled), 1u);
    EXPECT_EQ(server_->context().sessions.size(), 1u) << "the stalled session ends with its stream";
    EXPECT_EQ(metrics.queuedBytes().load(), 0) << "its queued bytes are released";
    EXPECT_TRUE(active.request(callToolBody("99", "add", R"({"a":1,"b":2})")));
}

TEST_F(LegacySseTest, OverlappingStreamedCallsEachGetTheirNotificationsAndReply) {
    LegacySession session(port_, "Bearer abc");
    session.initialize();
    // The first call's 12 MB cannot all fit in the socket buffers of a stream nobody reads yet:
    // its production is still under way when the other calls arrive.
    ASSERT_EQ(session.post(callToolBody("10", "stream", R"({"count":20000,"size":500})")).status, 202);
    ASSERT_EQ(session.post(callToolBody("11", "stream", R"({"count":300,"size":120})")).status, 202);
    ASSERT_EQ(session.post(callToolBody("12", "add", R"({"a":1,"b":1})")).status, 202);
    std::map<std::string, int> replies;
    int notifications = 0;
    for (int i = 0; i < 20400 && replies.size() < 3; ++i) {
        auto event = session.stream().next();
        ASSERT_TRUE(event) << "lost after " << notifications << " notifications and " << replies.size() << " replies";
        auto message = parseMessage(event->data);
        if (message.isNotification()) ++notifications;
        else replies[message.id->toJson()] = 1;
    }
    EXPECT_EQ(notifications, 20300) << "no call's notifications may replace another's";
    EXPECT_EQ(replies.size(), 3u);
}

TEST_F(LegacySseTest, StopClosesOpenStreams) {
    LegacySession session(port_, "Bearer abc");
    ASSERT_TRUE(session.opened());
    server_->stop();
    EXPECT_TRUE(session.stream().waitForEnd(5s));
}

}  // namespace
}  // namespace mcp::server::testing
