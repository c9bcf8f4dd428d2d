// ClientSession against scripted servers: legal SSE variations must work (events split at every
// byte, CRLF and CR line ends, comment keep-alives, absolute endpoint URLs, unknown members,
// reordered keys), and the session must refuse an endpoint on another origin.
#include "conformance/fake_mcp_server.h"
#include "conformance/json_util.h"
#include "conformance/mcp_client.h"
#include "protocol/json_rpc.h"

#include <gtest/gtest.h>

#include <memory>

namespace mcp::conformance {
namespace {

using ::testing::_;
using testing::MockHttpExchanger;

using testing::LegacyScript;
using testing::ScriptedLegacyServer;

struct Variation {
    std::string name;
    LegacyScript script;
};

// A 2024-11-05 legacy session with a ScriptedLegacyServer (500 ms exchanges). The session refers
// to the target, so both live here.
struct ScriptedSession {
    explicit ScriptedSession(LegacyScript script) : server(std::move(script)) {
        EXPECT_CALL(http, open(_, _)).WillRepeatedly([this](const OutgoingRequest& r, milliseconds) { return server.handle(r); });
        target.timeout = milliseconds(500);
        SessionOptions options;
        options.protocolVersion = "2024-11-05";
        opened = openSession(http, target, TransportKind::LegacySse, options);
    }
    ScriptedLegacyServer server;
    MockHttpExchanger http;
    Target target = *Target::fromUrl("http://127.0.0.1:8787/sse");
    SessionOpen opened;
};

class LegalVariations : public ::testing::TestWithParam<Variation> {};

TEST_P(LegalVariations, SessionWorks) {
    ScriptedSession scripted(GetParam().script);
    auto& opened = scripted.opened;
    ASSERT_TRUE(opened.session) << opened.error;
    EXPECT_EQ(opened.session->endpointTarget, "/sse/message?sessionId=0123456789abcdef0123456789abcdef");
    EXPECT_EQ(opened.session->negotiatedVersion, "2024-11-05");
    auto ping = opened.session->request("ping");
    ASSERT_TRUE(ping.response) << ping.describe();
    EXPECT_TRUE(ping.response->isResult());
    EXPECT_EQ(ping.httpStatus, 202);
    auto note = opened.session->notify("notifications/initialized");   // fenced: no sleep, no reply
    EXPECT_TRUE(note.error.empty()) << note.error;
    for (const auto& m : note.messages) EXPECT_FALSE(m.isResponse());
}

std::vector<Variation> variations() {
    std::vector<Variation> out;
    for (std::size_t chunk : {1, 2, 3, 7, 64, 4096})
        for (const std::string eol : {"\n", "\r\n", "\r"}) {
            Variation v;
            v.script.eol = eol;
            v.script.chunk = chunk;
            v.name = "chunk" + std::to_string(chunk) + (eol == "\n" ? "_LF" : eol == "\r" ? "_CR" : "_CRLF");
            out.push_back(v);
        }
    out.push_back({"comments", {.eol = "\n", .chunk = 5, .comments = true}});
    out.push_back({"absolute_endpoint", {.eol = "\r\n", .chunk = 1, .endpoint = "http://127.0.0.1:8787/sse/message?sessionId=0123456789abcdef0123456789abcdef"}});
    return out;
}

INSTANTIATE_TEST_SUITE_P(Legacy, LegalVariations, ::testing::ValuesIn(variations()), [](const auto& test) { return test.param.name; });

TEST(LegacyClientSession, RefusesAnEndpointOnAnotherOrigin) {
    ScriptedLegacyServer server({.endpoint = "http://evil.example/sse/message?sessionId=1"});
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([&](const OutgoingRequest& r, milliseconds) { return server.handle(r); });
    auto target = *Target::fromUrl("http://127.0.0.1:8787/sse");
    auto opened = openSession(http, target, TransportKind::LegacySse, {});
    EXPECT_FALSE(opened.session);
    EXPECT_NE(opened.error.find("another origin"), std::string::npos);
}

// Responses need not come in order: a fence ping answered before a request the server is still
// working on must not end the wait, and a late answer never becomes the next request's.
TEST(LegacyClientSession, ACollectedRequestGetsItsOwnAnswerWhenTheFenceOvertakesIt) {
    ScriptedSession scripted({.slowTools = true});
    auto& opened = scripted.opened;
    ASSERT_TRUE(opened.session) << opened.error;
    SendOptions collect;
    collect.await = SendOptions::Await::Collect;
    auto first = opened.session->send(R"({"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"x"}})", collect);
    ASSERT_TRUE(first.response) << first.describe();
    EXPECT_EQ(first.response->idJson(), R"("a")");
    auto second = opened.session->send(R"({"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"x"}})", collect);
    ASSERT_TRUE(second.response) << second.describe();
    EXPECT_EQ(second.response->idJson(), R"("b")");
}

TEST(LegacyClientSession, AStreamThatNeverSendsAnEventFailsAtTheDeadline) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const OutgoingRequest&, milliseconds) {
        // One LF per event line and no blank line: the event never completes (EV-2).
        return testing::makeResponse(200, {{"Content-Type", "text/event-stream"}}, "event: endpoint\ndata: /x\n", 1 << 20, true);
    });
    auto target = *Target::fromUrl("http://127.0.0.1:8787/sse");
    target.timeout = milliseconds(100);
    auto started = Clock::now();
    auto opened = openSession(http, target, TransportKind::LegacySse, {});
    EXPECT_FALSE(opened.session);
    EXPECT_NE(opened.error.find("unterminated"), std::string::npos) << opened.error;
    // Far above the 100 ms deadline on purpose: the event never completes, so only the deadline ends
    // the wait; machine load alone cannot make this fail.
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
}

TEST(StreamableClientSession, SseAnswerSplitAtEveryByteIsRead) {
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([](const OutgoingRequest& r, milliseconds) {
        auto decoded = mcp::decodeJsonRpcBody(r.body);
        if (decoded.items.empty() || !decoded.items[0].message || !decoded.items[0].message->id)
            return testing::makeResponse(202, {}, "");
        auto id = decoded.items[0].message->id->toJson();
        std::string result = decoded.items[0].message->method == "initialize"
                                 ? R"({"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"s","version":"1"}})"
                                 : "{}";
        std::string body = "id: p1\r\ndata:\r\n\r\n: comment\r\nid: e1\r\ndata: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":" + id +
                           ",\"result\":" + result + "}\r\n\r\n";
        return testing::makeResponse(200, {{"Content-Type", "text/event-stream"}, {"Mcp-Session-Id", "abc"}}, body, 1);
    });
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    auto opened = openSession(http, target, TransportKind::StreamableHttp, {});
    ASSERT_TRUE(opened.session) << opened.error;
    EXPECT_EQ(opened.session->sessionId, "abc");
    auto ping = opened.session->request("ping");
    ASSERT_TRUE(ping.response) << ping.describe();
    ASSERT_TRUE(ping.sse);
    EXPECT_EQ(ping.sse->events.front().idField, "p1");   // the priming event was skipped, not parsed
}

}  // namespace
}  // namespace mcp::conformance

namespace mcp::conformance {
namespace {

// A stream of `count` 1 MiB notifications that never answers: what a flooding server sends.
std::string flood(std::size_t count) {
    std::string event = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"" +
                        std::string(1 << 20, 'x') + "\"}}\n\n";
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += event;
    return out;
}

// The flood ends after its 12 events: the end of the stream, not the deadline, ends the read, so
// every event is seen however slowly the host (or a sanitizer) parses them. The timeout only
// bounds a broken run.
TEST(Bounds, AFloodOfHugeEventsIsCountedNotKept) {
    MockHttpExchanger http;
    auto body = std::make_shared<std::string>(flood(12));
    EXPECT_CALL(http, open(_, _)).WillRepeatedly([&](const OutgoingRequest& request, milliseconds) {
        if (request.body.find("\"initialize\"") != std::string::npos)
            return testing::makeResponse(200, {{"Content-Type", "application/json"}, {"Mcp-Session-Id", "s-0123456789abcdef"}},
                                         R"({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"f","version":"1"}}})");
        if (request.body.find("notifications/") != std::string::npos) return testing::makeResponse(202, {}, "");
        return testing::makeResponse(200, {{"Content-Type", "text/event-stream"}}, *body, 64 * 1024);
    });
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    target.timeout = milliseconds(120000);
    auto opened = openSession(http, target, TransportKind::StreamableHttp, {});
    ASSERT_TRUE(opened.session) << opened.error;
    auto reply = opened.session->request("ping");
    ASSERT_TRUE(reply.sse);
    EXPECT_FALSE(reply.response);
    EXPECT_FALSE(reply.timedOut) << reply.describe();
    EXPECT_EQ(reply.sse->events.size() + reply.sse->droppedEvents, 12u);
    EXPECT_LE(reply.sse->retainedBytes, SseCapture::kMaxRetained);
    EXPECT_GT(reply.sse->droppedEvents, 0u);
    EXPECT_LE(reply.messageBytes, kMaxMessageBytesKept);
    EXPECT_GT(reply.droppedMessages, 0u);
    EXPECT_LE(opened.session->transcriptBytes, kMaxMessageBytesKept);
}

TEST(Bounds, APayloadWithTooManyValuesIsNotParsed) {
    std::string many = "[";
    for (std::size_t i = 0; i <= kMaxJsonValues; ++i) many += "0,";
    many += "0]";
    auto messages = parseMessages(many, "post-json");
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_FALSE(messages[0].object);
    EXPECT_EQ(parseMessages(R"({"jsonrpc":"2.0","id":1,"result":{}})", "post-json").at(0).isResult(), true);
}

}  // namespace
}  // namespace mcp::conformance
