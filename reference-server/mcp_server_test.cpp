// McpServer without HTTP: lifecycle, negotiation, tools and errors per revision.
#include "reference-server/mcp_server.h"

#include <gtest/gtest.h>

namespace mcp::server {
namespace {

JsonRpcMessage request(const std::string& json) {
    auto body = decodeJsonRpcBody(json);
    EXPECT_TRUE(body.items.size() == 1 && body.items[0].message) << json;
    return *body.items[0].message;
}

class McpServerTest : public ::testing::Test {
protected:
    JsonRpcMessage call(const std::string& json) {
        auto reply = server.handle(request(json), session);
        EXPECT_TRUE(reply.response.has_value()) << json;
        return reply.response.value_or(JsonRpcMessage{});
    }
    void initialize(const std::string& revision) {
        auto r = call(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" + revision + R"(","capabilities":{}}})");
        ASSERT_TRUE(r.result);
    }
    std::string text(const JsonRpcMessage& r) {
        return r.result ? r.result->getArray("content")->getObject(0)->getValue<std::string>("text") : "";
    }

    McpServer server;
    McpSession session{.authorization = "Bearer t0k"};
};

TEST_F(McpServerTest, NegotiatesEachSupportedRevisionAndCounterOffersTheNewest) {
    for (std::string revision : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2099-01-01", "1.0.0"}) {
        McpSession fresh;
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
    McpSession latest;
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

TEST(McpServerFaults, EachEchoFaultChangesWhatGetTokenReturns) {
    auto tokenWith = [](Fault fault, const std::string& authorization) {
        FaultSet faults;
        faults.enable(fault);
        McpServer server(faults);
        McpSession first{.authorization = "Bearer first"};
        McpSession session{.authorization = authorization};
        for (auto* s : {&first, &session}) {
            server.handle(request(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})"), *s);
        }
        server.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"getToken"}})"), first);
        auto r = server.handle(request(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"getToken"}})"), session);
        return r.response->result->getArray("content")->getObject(0)->getValue<std::string>("text");
    };
    EXPECT_EQ(tokenWith(Fault::EchoSchemeStripped, "Bearer abc"), "User's token: abc");
    EXPECT_EQ(tokenWith(Fault::EchoTruncated, "Bearer " + std::string(100, 'a')).size(), std::string("User's token: ").size() + 64);
    EXPECT_EQ(tokenWith(Fault::EchoFirstSession, "Bearer second"), "User's token: Bearer first");
}

}  // namespace
}  // namespace mcp::server
