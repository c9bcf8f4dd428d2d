// Authorization on every MCP request, over the network: challenges, malformed
// credentials, scheme variants, query tokens, token policy (AU-3, AU-7, AU-15, AB-*).
#include "reference-server/server_test_support.h"

namespace mcp::server::testing {
namespace {

using AuthTest = ServerTest;

TEST_F(AuthTest, MissingCredentialsGet401WithResourceMetadataAndNoErrorCode) {
    for (auto [method, target] : {std::pair{"GET", "/sse"}, {"POST", "/sse/message?sessionId=x"}, {"POST", "/mcp"},
                                  {"GET", "/mcp"}, {"DELETE", "/mcp"}}) {
        auto r = send(port_, method, target, {{"Content-Type", "application/json"}}, method == std::string("POST") ? "{}" : "");
        EXPECT_EQ(r.status, 401) << method << " " << target;
        std::string challenge(r.headers.get("WWW-Authenticate").value_or(""));
        EXPECT_EQ(challenge.rfind("Bearer resource_metadata=\"" + server_->baseUrl() + "/.well-known/oauth-protected-resource/", 0), 0u)
            << challenge;
        EXPECT_EQ(challenge.find("error="), std::string::npos) << challenge;
        EXPECT_EQ(r.headers.get("Cache-Control").value_or(""), "no-store");
        EXPECT_EQ(parseMessage(r.body).error.code, -32001);
    }
}

TEST_F(AuthTest, MalformedBearerCredentialsGet401InvalidToken) {
    for (std::string value : {"Bearer to ken", "Bearer tok,en", "Bearer tok\"en", "Bearer =abc", "Bearer ab=c",
                              "Bearer tok%20en", "Bearer t\xC3\xB8ken", "Bearer", "Bearer\tabc"}) {
        auto r = send(port_, "GET", "/sse", {{"Authorization", value}});
        EXPECT_EQ(r.status, 401) << value;
        std::string challenge(r.headers.get("WWW-Authenticate").value_or(""));
        if (value == "Bearer") continue;  // no token at all: treated like a missing credential or invalid
        EXPECT_NE(challenge.find("error=\"invalid_token\""), std::string::npos) << value << " -> " << challenge;
    }
}

TEST_F(AuthTest, OtherSchemesGet401WithoutErrorCode) {
    auto r = send(port_, "GET", "/sse", {{"Authorization", "Basic dXNlcjpwYXNz"}});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(std::string(r.headers.get("WWW-Authenticate").value_or("")).find("error="), std::string::npos);
}

TEST_F(AuthTest, SchemeIsCaseInsensitiveAndAllowsSeveralSpaces) {
    for (std::string value : {"bearer abc", "BEARER abc", "BeArEr abc", "Bearer   abc", "Bearer -._~+/09AZaz=="}) {
        LegacySession session(port_, value);
        EXPECT_TRUE(session.opened()) << value;
    }
}

TEST_F(AuthTest, TokenInQueryStringIsNeverHonoured) {
    auto r = send(port_, "GET", "/sse?access_token=abc", {});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(std::string(r.headers.get("WWW-Authenticate").value_or("")).find("error="), std::string::npos);
    EXPECT_EQ(send(port_, "POST", "/mcp?access_token=abc", {{"Content-Type", "application/json"}}, "{}").status, 401);
}

TEST_F(AuthTest, DuplicateAuthorizationHeadersAreRefused) {
    auto r = send(port_, "GET", "/sse", {{"Authorization", "Bearer a"}, {"Authorization", "Bearer b"}});
    EXPECT_EQ(r.status, 400);
}

TEST_F(AuthTest, RestrictedTokensRejectUnknownOnesInConstantTimeCompare) {
    ServerConfig config;
    config.tokens = {"known-token", "second.token=="};
    start(config);
    EXPECT_TRUE(LegacySession(port_, "Bearer known-token").opened());
    EXPECT_TRUE(LegacySession(port_, "Bearer second.token==").opened());
    for (std::string value : {"Bearer Known-token", "Bearer known-toke", "Bearer known-tokenx"}) {
        auto r = send(port_, "GET", "/sse", {{"Authorization", value}});
        EXPECT_EQ(r.status, 401) << value;
        EXPECT_NE(std::string(r.headers.get("WWW-Authenticate").value_or("")).find("error=\"invalid_token\""), std::string::npos);
    }
}

TEST_F(AuthTest, EveryRequestOfASessionNeedsCredentials) {
    LegacySession legacy(port_, "Bearer abc");
    ASSERT_TRUE(legacy.opened());
    auto r = send(port_, "POST", legacy.endpoint(), {{"Content-Type", "application/json"}}, R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    EXPECT_EQ(r.status, 401);

    StreamableSession streamable(port_, "Bearer abc");
    ASSERT_EQ(streamable.initialize().status, 200);
    auto noAuth = send(port_, "POST", "/mcp",
                       {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"},
                        {"Mcp-Session-Id", streamable.id()}},
                       R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    EXPECT_EQ(noAuth.status, 401);
}

TEST_F(AuthTest, SessionsAreBoundToTheirToken) {
    LegacySession legacy(port_, "Bearer token-a");
    ASSERT_TRUE(legacy.opened());
    auto r = send(port_, "POST", legacy.endpoint(), {{"Authorization", "Bearer token-b"}, {"Content-Type", "application/json"}},
                  R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    EXPECT_EQ(r.status, 404);

    StreamableSession streamable(port_, "Bearer token-a");
    ASSERT_EQ(streamable.initialize().status, 200);
    StreamableSession intruder(port_, "Bearer token-b");
    auto other = send(port_, "POST", "/mcp",
                      {{"Authorization", "Bearer token-b"}, {"Content-Type", "application/json"},
                       {"Accept", "application/json, text/event-stream"}, {"Mcp-Session-Id", streamable.id()}},
                      R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    EXPECT_EQ(other.status, 404);
}

TEST_F(AuthTest, ProtectedResourceMetadataNeedsNoToken) {
    for (std::string suffix : {"", "/mcp", "/sse"}) {
        auto r = send(port_, "GET", "/.well-known/oauth-protected-resource" + suffix, {});
        ASSERT_EQ(r.status, 200) << suffix;
        EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "application/json");
        auto doc = decodeJsonRpcBody(r.body);  // not JSON-RPC, but must be JSON
        EXPECT_FALSE(doc.parseError);
        EXPECT_NE(r.body.find("\"resource\":\"" + server_->baseUrl() + suffix + "\""), std::string::npos) << r.body;
        EXPECT_NE(r.body.find("\"authorization_servers\":[\""), std::string::npos) << r.body;
    }
}

}  // namespace
}  // namespace mcp::server::testing
