// Each fault decorator changes exactly what its fault says, and with no fault on the
// reference parts are used unwrapped. (The conformance_fault_* ctests prove end to end
// that each fault is caught by its case.)
#include "reference-server/fault_decorators.h"

#include "reference-server/reference_tools.h"

#include <gtest/gtest.h>

namespace mcp::server {
namespace {

JsonRpcMessage message(const std::string& json) { return *decodeJsonRpcBody(json).items.at(0).message; }

FaultSet only(Fault fault) {
    FaultSet faults;
    faults.enable(fault);
    return faults;
}

HttpRequest requestWith(std::optional<std::string> authorization, std::string query = "") {
    HttpRequest request;
    request.method = "GET";
    request.path = "/sse";
    request.query = std::move(query);
    if (authorization) request.headers.add("Authorization", *authorization);
    return request;
}

TEST(FaultDecorators, NoFaultMeansNoWrapper) {
    McpServer server(referenceCatalog());
    EXPECT_EQ(withMessageFaults(server, {}), nullptr);
    auto gate = std::make_unique<OpenGate>();
    Authenticator* raw = gate.get();
    EXPECT_EQ(withAuthFaults(std::move(gate), {}).get(), raw);
    EXPECT_EQ(sessionIdsFor({})().size(), 32u);
    EXPECT_EQ(encodedEvent(eventEncoderFor({}), {.event = "endpoint", .data = "/x"}), "event: endpoint\ndata: /x\n\n");
}

TEST(FaultDecorators, EachEchoFaultChangesWhatGetTokenReturns) {
    auto tokenWith = [](Fault fault, const std::string& authorization) {
        McpServer server(referenceCatalog());
        auto faulty = withMessageFaults(server, only(fault));
        McpSession first{.authorization = "Bearer first"};
        McpSession session{.authorization = authorization};
        for (auto* s : {&first, &session}) {
            faulty->handle(message(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})"), *s);
        }
        faulty->handle(message(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"getToken"}})"), first);
        auto r = faulty->handle(message(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"getToken"}})"), session);
        return r.response->result->getArray("content")->getObject(0)->getValue<std::string>("text");
    };
    EXPECT_EQ(tokenWith(Fault::EchoSchemeStripped, "Bearer abc"), "User's token: abc");
    EXPECT_EQ(tokenWith(Fault::EchoTruncated, "Bearer " + std::string(100, 'a')).size(), std::string("User's token: ").size() + 64);
    EXPECT_EQ(tokenWith(Fault::EchoFirstSession, "Bearer second"), "User's token: Bearer first");
}

TEST(FaultDecorators, MessageFaultsRewriteTheReferenceAnswers) {
    McpServer server(referenceCatalog());
    auto run = [&](Fault fault, const std::string& json, bool initialized = true) {
        auto faulty = withMessageFaults(server, only(fault));
        McpSession session;
        if (initialized)
            faulty->handle(message(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})"), session);
        return faulty->handle(message(json), session);
    };
    EXPECT_TRUE(run(Fault::IdStringified, R"({"jsonrpc":"2.0","id":3,"method":"ping"})").response->id->isString());
    EXPECT_TRUE(run(Fault::UnknownMethodOk, R"({"jsonrpc":"2.0","id":3,"method":"no/such"})").response->result);
    EXPECT_TRUE(run(Fault::NotificationAnswered, R"({"jsonrpc":"2.0","method":"notifications/x"})").response);
    auto unknownTool = run(Fault::ToolNotFoundResult, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}})");
    EXPECT_TRUE(unknownTool.response->result->getValue<bool>("isError"));
    auto init = run(Fault::VersionDowngrade, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})", false);
    EXPECT_EQ(init.response->result->getValue<std::string>("protocolVersion"), "2024-11-05");
}

TEST(FaultDecorators, AuthFaults) {
    ServerConfig config;
    auto gate = [&](Fault fault) { return withAuthFaults(std::make_unique<AuthGate>(config, "http://127.0.0.1:1"), only(fault)); };
    EXPECT_TRUE(gate(Fault::NoAuth)->check(requestWith(std::nullopt), "/sse").ok);
    EXPECT_TRUE(gate(Fault::QueryToken)->check(requestWith(std::nullopt, "access_token=abc"), "/sse").ok);
    EXPECT_FALSE(gate(Fault::CaseSensitiveScheme)->check(requestWith("bearer abc"), "/sse").ok);
    EXPECT_TRUE(gate(Fault::CaseSensitiveScheme)->check(requestWith("Bearer abc"), "/sse").ok);
    EXPECT_FALSE(gate(Fault::SingleSpaceOnly)->check(requestWith("Bearer  abc"), "/sse").ok);
    auto refused = gate(Fault::NoChallenge)->check(requestWith(std::nullopt), "/sse");
    EXPECT_EQ(refused.rejection.status, 401);
    EXPECT_FALSE(refused.rejection.headers.has("WWW-Authenticate"));
    // The reference gate, for comparison.
    AuthGate reference(config, "http://127.0.0.1:1");
    EXPECT_FALSE(reference.check(requestWith(std::nullopt, "access_token=abc"), "/sse").ok);
    EXPECT_TRUE(reference.check(requestWith("bearer  abc"), "/sse").ok);
}

TEST(FaultDecorators, EncoderAndSessionIdFaults) {
    auto unterminated = encodedEvent(eventEncoderFor(only(Fault::SseUnterminatedEvents)), {.data = "x"});
    EXPECT_EQ(unterminated, "data: x\n");
    EXPECT_EQ(encodedEvent(eventEncoderFor(only(Fault::LegacyNoEndpointEvent)), {.event = "endpoint", .data = "/x"}),
              "data: /x\n\n");
    // Events are appended to what the stream's chunk already holds; the fault cuts only its own.
    std::string chunk = "data: a\n\n";
    eventEncoderFor(only(Fault::SseUnterminatedEvents))(chunk, {.data = "b"});
    EXPECT_EQ(chunk, "data: a\n\ndata: b\n");
    auto ids = sessionIdsFor(only(Fault::PredictableSessionId));
    EXPECT_EQ(ids(), "1");
    EXPECT_EQ(ids(), "2");
}

}  // namespace
}  // namespace mcp::server
