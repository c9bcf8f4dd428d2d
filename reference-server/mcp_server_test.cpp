// McpServer without HTTP: lifecycle, negotiation, tools and errors per revision, and the
// deferred answers (timers, client requests, cancellation) through a recording channel whose
// timers run only when the test says so.
#include "reference-server/mcp_server.h"

#include "reference-server/conformance_fixtures.h"
#include "reference-server/reference_tools.h"

#include <gtest/gtest.h>

namespace mcp::server {
namespace {

JsonRpcMessage request(const std::string& json) {
    auto body = decodeJsonRpcBody(json);
    EXPECT_TRUE(body.items.size() == 1 && body.items[0].message) << json;
    return *body.items[0].message;
}

// Records what the server sends; timers wait in a list until runTimers().
class RecordingChannel : public SessionChannel {
public:
    struct Sent {
        std::string json;
        std::optional<JsonRpcId> relatedTo;
    };
    void send(std::string json, const std::optional<JsonRpcId>& relatedTo) override { sent.push_back({std::move(json), relatedTo}); }
    void finish(const JsonRpcId& id, std::optional<std::string> response) override { finished.emplace_back(id, std::move(response)); }
    void after(std::chrono::milliseconds delay, std::function<void()> work) override { timers.emplace_back(delay, std::move(work)); }
    void disconnect(const JsonRpcId& id, std::chrono::milliseconds) override { disconnected.push_back(id); }
    void close() override { closed = true; }
    bool owesEvents() const override { return false; }

    // Runs every timer due so far, and those they schedule, in order; returns how many ran.
    int runTimers(int limit = 100) {
        int ran = 0;
        while (!timers.empty() && ran < limit) {
            auto next = std::move(timers.front());
            timers.erase(timers.begin());
            next.second();
            ++ran;
        }
        return ran;
    }
    std::vector<JsonRpcMessage> sentMessages() const {
        std::vector<JsonRpcMessage> out;
        for (const auto& s : sent) out.push_back(request(s.json));
        return out;
    }

    std::vector<Sent> sent;
    std::vector<std::pair<JsonRpcId, std::optional<std::string>>> finished;
    std::vector<std::pair<std::chrono::milliseconds, std::function<void()>>> timers;
    std::vector<JsonRpcId> disconnected;
    bool closed = false;
};

McpCatalog allFixtures() {
    McpCatalog catalog = referenceCatalog();
    catalog.add(conformanceFixtures());
    return catalog;
}

class McpServerTest : public ::testing::Test {
protected:
    JsonRpcMessage call(const std::string& json) {
        auto reply = server.handle(request(json), session);
        EXPECT_TRUE(reply.response.has_value()) << json;
        return reply.response.value_or(JsonRpcMessage{});
    }
    void initialize(const std::string& revision, const std::string& capabilities = "{}") {
        auto r = call(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" + revision +
                      R"(","capabilities":)" + capabilities + "}}");
        ASSERT_TRUE(r.result);
    }
    std::string text(const JsonRpcMessage& r) {
        return r.result ? r.result->getArray("content")->getObject(0)->getValue<std::string>("text") : "";
    }

    McpServer server{allFixtures()};
    std::shared_ptr<RecordingChannel> channel = std::make_shared<RecordingChannel>();
    McpSession session{.authorization = "Bearer t0k", .channel = channel};
};

TEST_F(McpServerTest, NegotiatesEachSupportedRevisionAndCounterOffersTheNewest) {
    for (std::string revision : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2099-01-01", "1.0.0"}) {
        McpSession fresh{.channel = channel};
        auto r = server.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":")" +
                                       revision + R"(","capabilities":{"experimental":{"foo":{}},"bogus":{}}}})"),
                               fresh);
        ASSERT_TRUE(r.response && r.response->result) << revision;
        std::string expected = parseRevision(revision) ? revision : "2025-11-25";
        EXPECT_EQ(r.response->result->getValue<std::string>("protocolVersion"), expected);
        EXPECT_EQ(r.response->result->getObject("serverInfo")->getValue<std::string>("name"), "mcp-reference-server");
    }
}

TEST_F(McpServerTest, InitializeNeedsAProtocolVersionAndHappensOnce) {
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})").error.code, kInvalidParams);
    initialize("2025-06-18");
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2024-11-05"}})").error.code,
              kInvalidRequest);
    EXPECT_EQ(*session.revision, Revision::V2025_06_18);
}

TEST_F(McpServerTest, OnlyPingBeforeInitialize) {
    EXPECT_TRUE(call(R"({"jsonrpc":"2.0","id":1,"method":"ping"})").result);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})").error.code, kInvalidRequest);
}

TEST_F(McpServerTest, NotificationsAreNeverAnswered) {
    initialize("2025-06-18");
    for (std::string n : {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                          R"({"jsonrpc":"2.0","method":"notifications/does_not_exist","params":{"x":1}})",
                          R"({"jsonrpc":"2.0","method":"tools/call"})"})
        EXPECT_FALSE(server.handle(request(n), session).response.has_value()) << n;
    EXPECT_TRUE(session.clientInitialized);
}

TEST_F(McpServerTest, ResponsesEchoTheExactId) {
    for (std::string id : {R"("x")", R"("")", "0", "-7", "9007199254740991", "9223372036854775807", R"("1")", "1"}) {
        auto r = call(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"ping"})");
        EXPECT_EQ(r.id->toJson(), id);
    }
}

TEST_F(McpServerTest, ToolsWork) {
    initialize("2025-06-18");
    EXPECT_EQ(text(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})")), "3");
    EXPECT_EQ(text(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":0.1,"b":0.2}}})")),
              "0.30000000000000004");
    EXPECT_EQ(text(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"getToken"}})")), "User's token: Bearer t0k");
    EXPECT_EQ(text(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"k":"v"}}})")),
              R"({"k":"v"})");
    auto list = call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"com.example/trace":"1"}}})");
    EXPECT_EQ(list.result->getArray("tools")->getObject(0)->getObject("inputSchema")->getValue<std::string>("type"), "object");
}

TEST_F(McpServerTest, ProtocolErrors) {
    initialize("2025-06-18");
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":9,"method":"no/such_method"})").error.code, kMethodNotFound);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"no_such_tool_123"}})").error.code, kInvalidParams);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{}})").error.code, kInvalidParams);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"add","arguments":"str"}})").error.code, kInvalidParams);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":9,"method":"tools/list","params":{"cursor":"!!bogus!!"}})").error.code, kInvalidParams);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":9,"method":"logging/setLevel","params":{"level":"verbose"}})").error.code, kInvalidParams);
    EXPECT_TRUE(call(R"({"jsonrpc":"2.0","id":9,"method":"logging/setLevel","params":{"level":"error"}})").result);
}

TEST_F(McpServerTest, BadArgumentsDependOnTheRevision) {
    std::string bad = R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"add","arguments":{"a":"1","b":2}}})";
    initialize("2025-06-18");
    EXPECT_EQ(call(bad).error.code, kInvalidParams);
    McpSession latest{.channel = channel};
    server.handle(request(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})"), latest);
    auto r = server.handle(request(bad), latest);
    ASSERT_TRUE(r.response && r.response->result);
    EXPECT_TRUE(r.response->result->getValue<bool>("isError"));
}

TEST_F(McpServerTest, StreamToolProducesNumberedMessagesOfTheRequestedSize) {
    initialize("2025-06-18");
    auto reply = server.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stream","arguments":{"count":3,"size":200}}})"), session);
    ASSERT_TRUE(reply.notifications);
    std::string out;
    for (int i = 0; i < 3; ++i) {
        out.clear();
        ASSERT_TRUE(reply.notifications->next(out));
        EXPECT_EQ(out.size(), 200u);
        auto message = request(out);
        EXPECT_EQ(message.method, "notifications/message");
    }
    out.clear();
    EXPECT_FALSE(reply.notifications->next(out));
}

TEST_F(McpServerTest, ProgressArrivesOnTheCallThenTheDeferredResult) {
    initialize("2025-06-18");
    auto reply = server.handle(request(R"({"jsonrpc":"2.0","id":"p","method":"tools/call","params":{"name":"test_tool_with_progress","_meta":{"progressToken":42}}})"),
                               session);
    EXPECT_TRUE(reply.deferred);
    EXPECT_FALSE(reply.response);
    EXPECT_EQ(channel->runTimers(), 2);
    auto sent = channel->sentMessages();
    ASSERT_EQ(sent.size(), 3u);
    for (std::size_t i = 0; i < sent.size(); ++i) {
        EXPECT_EQ(sent[i].method, "notifications/progress");
        EXPECT_EQ(sent[i].params->get("progressToken").convert<int>(), 42);
        EXPECT_EQ(sent[i].params->getValue<double>("progress"), 50.0 * static_cast<double>(i));
        EXPECT_FALSE(sent[i].params->getValue<std::string>("message").empty());   // human readable progress (SHOULD)
        EXPECT_EQ(channel->sent[i].relatedTo, JsonRpcId("p"));
    }
    ASSERT_EQ(channel->finished.size(), 1u);
    EXPECT_EQ(channel->finished[0].first, JsonRpcId("p"));
    EXPECT_EQ(text(request(*channel->finished[0].second)), "Tool with progress executed successfully");
    EXPECT_TRUE(session.callsInFlight.empty());
}

TEST_F(McpServerTest, SamplingAsksTheClientAndAnswersWhenItsResponseArrives) {
    initialize("2025-06-18", R"({"sampling":{}})");
    auto reply = server.handle(request(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"test_sampling","arguments":{"prompt":"hi"}}})"),
                               session);
    ASSERT_TRUE(reply.deferred);
    auto asked = channel->sentMessages();
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0].method, "sampling/createMessage");
    EXPECT_EQ(channel->sent[0].relatedTo, JsonRpcId(7));
    EXPECT_TRUE(channel->finished.empty());
    // The client's answer comes in as its own message.
    auto answer = server.handle(request(R"({"jsonrpc":"2.0","id":)" + asked[0].id->toJson() +
                                        R"(,"result":{"role":"assistant","content":{"type":"text","text":"hello"},"model":"m"}})"),
                                session);
    EXPECT_FALSE(answer.response);
    ASSERT_EQ(channel->finished.size(), 1u);
    EXPECT_EQ(text(request(*channel->finished[0].second)), "LLM response: hello");
    EXPECT_TRUE(session.awaitingClient.empty());
}

TEST_F(McpServerTest, ServerRequestIdsAreUniqueAndWithoutTheCapabilityTheToolFails) {
    initialize("2025-06-18", R"({"elicitation":{}})");
    for (int i = 0; i < 3; ++i)
        server.handle(request(R"({"jsonrpc":"2.0","id":)" + std::to_string(10 + i) +
                              R"(,"method":"tools/call","params":{"name":"test_elicitation","arguments":{"message":"m"}}})"),
                      session);
    std::set<JsonRpcId> ids;
    for (const auto& m : channel->sentMessages()) ids.insert(*m.id);
    EXPECT_EQ(ids.size(), 3u);
    auto noSampling = call(R"({"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"test_sampling","arguments":{"prompt":"x"}}})");
    EXPECT_TRUE(noSampling.result->getValue<bool>("isError"));
}

TEST_F(McpServerTest, AClientThatNeverAnswersTimesOutWithACancellation) {
    McpServer quick(allFixtures(), std::chrono::milliseconds(5));
    quick.handle(request(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"sampling":{}}}})"),
                 session);
    quick.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"test_sampling","arguments":{"prompt":"x"}}})"),
                 session);
    ASSERT_EQ(channel->timers.size(), 1u);
    EXPECT_EQ(channel->timers[0].first, std::chrono::milliseconds(5));
    channel->runTimers();
    auto sent = channel->sentMessages();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[1].method, "notifications/cancelled");
    EXPECT_EQ(sent[1].params->get("requestId").convert<std::string>(), sent[0].id->toJson());
    ASSERT_EQ(channel->finished.size(), 1u);
    EXPECT_TRUE(request(*channel->finished[0].second).result->getValue<bool>("isError"));
    EXPECT_TRUE(session.awaitingClient.empty() && session.callsInFlight.empty());
}

TEST_F(McpServerTest, CancellationStopsTheWorkAndNoResponseIsSent) {
    initialize("2025-06-18");
    auto reply = server.handle(request(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"slow","arguments":{"durationMs":5000}}})"),
                               session);
    ASSERT_TRUE(reply.deferred);
    EXPECT_FALSE(server.handle(request(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5,"reason":"x"}})"), session)
                     .response);
    ASSERT_EQ(channel->finished.size(), 1u);
    EXPECT_FALSE(channel->finished[0].second);  // finished without a response
    channel->runTimers();
    EXPECT_EQ(channel->finished.size(), 1u);
    EXPECT_TRUE(session.callsInFlight.empty());
    // Unknown and malformed cancellations are ignored.
    for (std::string n : {R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":999999}})",
                          R"({"jsonrpc":"2.0","method":"notifications/cancelled"})"})
        EXPECT_FALSE(server.handle(request(n), session).response);
    EXPECT_TRUE(call(R"({"jsonrpc":"2.0","id":6,"method":"ping"})").result);
}

TEST_F(McpServerTest, PendingWorkPerSessionIsBounded) {
    initialize("2025-06-18");
    for (std::size_t i = 0; i < McpServer::kMaxPendingPerSession; ++i)
        EXPECT_TRUE(server.handle(request(R"({"jsonrpc":"2.0","id":)" + std::to_string(100 + i) +
                                          R"(,"method":"tools/call","params":{"name":"slow"}})"),
                                  session)
                        .deferred);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow"}})").error.code, kInternalError);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":100,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":1}}})").error.code,
              kInvalidRequest);  // that id is still in progress
}

TEST_F(McpServerTest, LoggingHonoursTheSessionLevel) {
    initialize("2025-06-18");
    call(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"error"}})");
    auto r = call(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"log_all_levels"}})");
    EXPECT_TRUE(r.result);
    std::vector<std::string> levels;
    for (const auto& m : channel->sentMessages()) levels.push_back(m.params->getValue<std::string>("level"));
    EXPECT_EQ(levels, (std::vector<std::string>{"error", "critical", "alert", "emergency"}));
}

TEST_F(McpServerTest, ToggleToolChangesThisSessionsToolListAndSaysSo) {
    initialize("2025-06-18");
    auto names = [&] {
        std::set<std::string> out;
        auto tools = call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})").result->getArray("tools");
        for (std::size_t i = 0; i < tools->size(); ++i) out.insert(tools->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
        return out;
    };
    EXPECT_FALSE(names().count("toggled_tool"));
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"toggled_tool"}})").error.code, kInvalidParams);
    call(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"toggle_tool"}})");
    EXPECT_TRUE(names().count("toggled_tool"));
    ASSERT_EQ(channel->sent.size(), 1u);
    EXPECT_EQ(request(channel->sent[0].json).method, "notifications/tools/list_changed");
    EXPECT_FALSE(channel->sent[0].relatedTo);  // not tied to the call: the GET stream
}

TEST_F(McpServerTest, ResourcesPromptsAndCompletion) {
    initialize("2025-06-18");
    auto caps = [&] {
        McpSession fresh{.channel = channel};
        return server.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})"), fresh)
            .response->result->getObject("capabilities");
    }();
    for (const char* c : {"tools", "resources", "prompts", "logging", "completions"}) EXPECT_TRUE(caps->has(c)) << c;
    auto text = call(R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://static-text"}})");
    EXPECT_EQ(text.result->getArray("contents")->getObject(0)->getValue<std::string>("text"),
              "This is the content of the static text resource.");
    auto templated = call(R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://template/123/data"}})");
    EXPECT_NE(templated.result->getArray("contents")->getObject(0)->getValue<std::string>("text").find("Data for ID: 123"),
              std::string::npos);
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://nope"}})").error.code, -32002);
    EXPECT_TRUE(call(R"({"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":"test://watched-resource"}})").result);
    EXPECT_EQ(session.subscriptions.size(), 1u);
    EXPECT_TRUE(call(R"({"jsonrpc":"2.0","id":1,"method":"resources/unsubscribe","params":{"uri":"test://watched-resource"}})").result);
    EXPECT_TRUE(session.subscriptions.empty());
    auto prompt = call(R"({"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"test_prompt_with_arguments","arguments":{"arg1":"a","arg2":"b"}}})");
    EXPECT_EQ(prompt.result->getArray("messages")->getObject(0)->getObject("content")->getValue<std::string>("text"),
              "Prompt with arguments: arg1='a', arg2='b'");
    EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"test_prompt_with_arguments"}})").error.code,
              kInvalidParams);
    auto completion = call(R"({"jsonrpc":"2.0","id":1,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"test_prompt_with_arguments"},"argument":{"name":"arg1","value":"par"}}})");
    EXPECT_EQ(completion.result->getObject("completion")->getArray("values")->size(), 3u);
}

TEST(McpServerCatalog, TheReferenceCatalogOffersToolsOnly) {
    McpServer server(referenceCatalog());
    McpSession session;
    auto r = server.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})"), session);
    auto caps = r.response->result->getObject("capabilities");
    EXPECT_FALSE(caps->has("resources") || caps->has("prompts") || caps->has("completions"));
    EXPECT_FALSE(caps->getObject("tools")->getValue<bool>("listChanged"));
    EXPECT_EQ(server.handle(request(R"({"jsonrpc":"2.0","id":2,"method":"resources/list"})"), session).response->error.code, kMethodNotFound);
}

}  // namespace
}  // namespace mcp::server
