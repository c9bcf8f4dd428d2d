// Server fixture and client sessions for the in-process tests.
#include "reference-server/server_test_support.h"

#include <Poco/JSON/Array.h>

namespace mcp::server::testing {

void ServerTest::start(ServerConfig config) {
    server_.reset();
    config.port = 0;
    server_ = std::make_unique<ReferenceServer>(config, clock_);
    server_->start();
    port_ = server_->port();
}

bool ServerTest::fenceUntil(const std::function<bool()>& done, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        if (done()) return true;
        if (!server_->onLoop([] {})) return false;
    }
    return done();
}

JsonRpcMessage parseMessage(const std::string& text) {
    DecodedBody body = decodeJsonRpcBody(text);
    EXPECT_FALSE(body.parseError) << text;
    EXPECT_EQ(body.items.size(), 1u) << text;
    if (body.items.size() != 1 || !body.items[0].message) {
        ADD_FAILURE() << "not one valid JSON-RPC message: " << text;
        return {};
    }
    return *body.items[0].message;
}

std::string resultText(const JsonRpcMessage& response) {
    if (!response.result) return "<no result>";
    auto content = response.result->getArray("content");
    if (!content || content->size() == 0) return "<no content>";
    return content->getObject(0)->getValue<std::string>("text");
}

std::string initializeBody(const std::string& id, const std::string& revision, const std::string& capabilities) {
    return R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"initialize","params":{"protocolVersion":")" + revision +
           R"(","capabilities":)" + capabilities + R"(,"clientInfo":{"name":"server-test","version":"1"}}})";
}

std::string callToolBody(const std::string& id, const std::string& tool, const std::string& argumentsJson) {
    return R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"tools/call","params":{"name":")" + tool +
           R"(","arguments":)" + argumentsJson + "}}";
}

LegacySession::LegacySession(int port, std::string authorization)
    : port_(port),
      authorization_(std::move(authorization)),
      stream_(port, buildRequest("GET", "/sse", {{"Authorization", authorization_}, {"Accept", "text/event-stream"}})) {
    if (stream_.status() != 200) return;
    auto first = stream_.next();
    if (first && first->type == "endpoint") endpoint_ = first->data;
}

ClientResponse LegacySession::post(const std::string& body, const Headers& extra) {
    Headers headers = {{"Authorization", authorization_}, {"Content-Type", "application/json"}};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return send(port_, "POST", endpoint_, headers, body);
}

std::optional<JsonRpcMessage> LegacySession::request(const std::string& body) {
    auto response = post(body);
    EXPECT_EQ(response.status, 202) << response.body;
    for (int i = 0; i < 1000; ++i) {
        auto event = stream_.next();
        if (!event) return std::nullopt;
        if (event->type == "message") return parseMessage(event->data);
    }
    return std::nullopt;
}

void LegacySession::initialize(const std::string& revision, const std::string& capabilities) {
    auto reply = request(initializeBody("0", revision, capabilities));
    ASSERT_TRUE(reply.has_value());
    ASSERT_TRUE(reply->result);
    ASSERT_EQ(post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").status, 202);
}

Headers StreamableSession::headers(bool withSession) const {
    Headers h = {{"Authorization", authorization_},
                 {"Content-Type", "application/json"},
                 {"Accept", "application/json, text/event-stream"}};
    if (withSession && !id_.empty()) {
        h.emplace_back("Mcp-Session-Id", id_);
        h.emplace_back("MCP-Protocol-Version", revision_);
    }
    return h;
}

ClientResponse StreamableSession::initialize(const std::string& revision, const std::string& capabilities) {
    auto response = send(port_, "POST", "/mcp", headers(false), initializeBody("1", revision, capabilities));
    if (auto id = response.headers.get("Mcp-Session-Id")) id_ = std::string(*id);
    revision_ = revision;
    if (!id_.empty()) post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    return response;
}

ClientResponse StreamableSession::post(const std::string& body, Headers extra) {
    Headers h = headers();
    h.insert(h.end(), extra.begin(), extra.end());
    return send(port_, "POST", "/mcp", h, body);
}

}  // namespace mcp::server::testing
