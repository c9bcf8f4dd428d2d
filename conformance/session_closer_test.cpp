// SessionCloser: the sessions a case opened are ended with DELETE, with the credentials that
// opened them, outside the case's evidence.
#include "conformance/session_closer.h"
#include "conformance/fake_mcp_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mcp::conformance {
namespace {

using ::testing::_;
using ::testing::AnyNumber;
using testing::MockHttpExchanger;

OutgoingRequest post(std::optional<std::string> sessionId = std::nullopt, std::optional<std::string> version = std::nullopt) {
    OutgoingRequest request;
    request.method = "POST";
    request.target = "/mcp?tenant=a";
    request.headers.add("Authorization", "Bearer opener");
    if (sessionId) request.headers.add("Mcp-Session-Id", *sessionId);
    if (version) request.headers.add("MCP-Protocol-Version", *version);
    return request;
}

TEST(SessionCloser, DeletesEachAssignedSessionWithTheCredentialsThatOpenedIt) {
    MockHttpExchanger inner;
    EXPECT_CALL(inner, open(_, _)).WillRepeatedly([](const OutgoingRequest& r, milliseconds) {
        if (r.headers.has("Mcp-Session-Id")) return testing::makeResponse(202, {}, "");
        return testing::makeResponse(200, {{"Mcp-Session-Id", "s-1"}}, "{}");
    });
    SessionCloser closer(inner);
    closer.open(post(), milliseconds(100));                          // initialize: s-1 assigned
    closer.open(post("s-1", "2025-06-18"), milliseconds(100));       // a later request names the version

    MockHttpExchanger cleanup;
    OutgoingRequest deleted;
    EXPECT_CALL(cleanup, open(_, milliseconds(500))).WillOnce([&](const OutgoingRequest& r, milliseconds) {
        deleted = r;
        return testing::makeResponse(204, {}, "");
    });
    HttpHeaders extra;
    extra.add("X-Tenant", "a");
    EXPECT_EQ(closer.closeAll(cleanup, extra, milliseconds(500)), 1u);
    EXPECT_EQ(deleted.method, "DELETE");
    EXPECT_EQ(deleted.target, "/mcp?tenant=a");
    EXPECT_EQ(deleted.headers.get("Authorization").value_or(""), "Bearer opener");
    EXPECT_EQ(deleted.headers.get("Mcp-Session-Id").value_or(""), "s-1");
    EXPECT_EQ(deleted.headers.get("MCP-Protocol-Version").value_or(""), "2025-06-18");
    EXPECT_EQ(deleted.headers.get("X-Tenant").value_or(""), "a");
    // Closed sessions are forgotten: a second closeAll sends nothing.
    EXPECT_EQ(closer.closeAll(cleanup, {}, milliseconds(500)), 0u);
}

TEST(SessionCloser, IgnoresSessionIdsOnRefusalsAndCapsWhatItKeeps) {
    MockHttpExchanger inner;
    int n = 0;
    EXPECT_CALL(inner, open(_, _)).WillRepeatedly([&](const OutgoingRequest&, milliseconds) {
        ++n;
        return testing::makeResponse(n == 1 ? 400 : 200, {{"Mcp-Session-Id", "s-" + std::to_string(n)}}, "{}");
    });
    SessionCloser closer(inner);
    for (int i = 0; i < 100; ++i) closer.open(post(), milliseconds(100));
    MockHttpExchanger cleanup;
    EXPECT_CALL(cleanup, open(_, _)).Times(static_cast<int>(SessionCloser::kMaxSessions))
        .WillRepeatedly([](const OutgoingRequest& r, milliseconds) {
            EXPECT_NE(r.headers.get("Mcp-Session-Id").value_or(""), "s-1");   // the 400's id is not a session
            return testing::makeResponse(204, {}, "");
        });
    EXPECT_EQ(closer.closeAll(cleanup, {}, milliseconds(100)), SessionCloser::kMaxSessions);
}

TEST(SessionCloser, ARunLeavesNoSessionOpenOnTheServer) {
    testing::FakeMcpServer server;
    MockHttpExchanger http;
    EXPECT_CALL(http, open(_, _)).Times(AnyNumber()).WillRepeatedly([&](const OutgoingRequest& r, milliseconds) {
        return server.handle(r);
    });
    SessionCloser closer(http);
    auto init = post();
    init.body = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";
    init.headers.add("Content-Type", "application/json");
    init.headers.add("Accept", "application/json, text/event-stream");
    ASSERT_TRUE(closer.open(init, milliseconds(100)).stream);
    ASSERT_TRUE(closer.open(init, milliseconds(100)).stream);
    EXPECT_EQ(server.openSessions(), 2u);
    EXPECT_EQ(closer.closeAll(http, {}, milliseconds(100)), 2u);
    EXPECT_EQ(server.openSessions(), 0u);
}

}  // namespace
}  // namespace mcp::conformance
