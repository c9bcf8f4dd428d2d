// In-memory MCP server for unit tests (see fake_mcp_server.h).
#include "conformance/fake_mcp_server.h"

#include "conformance/json_util.h"
#include "protocol/bearer.h"
#include "protocol/json_rpc.h"
#include "protocol/protocol_version.h"

namespace mcpc::testing {

ReadStatus FakeStream::read(std::string& out, milliseconds) {
    if (pos_ >= body_.size()) return endless_ ? ReadStatus::Timeout : ReadStatus::End;
    auto n = std::min(chunk_, body_.size() - pos_);
    out.append(body_, pos_, n);
    pos_ += n;
    return ReadStatus::Data;
}

OpenResult makeResponse(int status, HttpHeaders headers, std::string body, std::size_t chunk, bool endless) {
    OpenResult out;
    HttpResponseHead head;
    head.status = status;
    head.headers = std::move(headers);
    out.stream = std::make_unique<FakeStream>(head, std::move(body), chunk, endless);
    return out;
}

namespace {

OpenResult challenge(bool withHeader, const std::string& error = "") {
    HttpHeaders headers = {{"Content-Type", "application/json"}};
    if (withHeader) {
        std::string value = R"(Bearer resource_metadata="http://127.0.0.1:1/.well-known/oauth-protected-resource")";
        if (!error.empty()) value += ", error=\"" + error + "\"";
        headers.push_back({"WWW-Authenticate", value});
    }
    return makeResponse(401, headers, R"({"error":"unauthorized"})");
}

std::string text(const std::string& s) {
    return R"({"content":[{"type":"text","text":)" + jsonQuote(s) + "}]}";
}

}  // namespace

std::size_t FakeMcpServer::openSessions() {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

OpenResult FakeMcpServer::handle(const HttpRequest& request) {
    auto auth = request.headers.get("Authorization");
    if (!faults_.noAuth) {
        if (!auth) return challenge(!faults_.noChallenge);
        auto parsed = mcp::parseBearerCredentials(*auth);
        bool exactScheme = auth->rfind("Bearer ", 0) == 0 || auth->find_first_not_of(' ') == std::string::npos ||
                           auth->substr(auth->find_first_not_of(' ')).rfind("Bearer ", 0) == 0;
        if (!parsed.ok() || (faults_.caseSensitiveScheme && !exactScheme)) return challenge(!faults_.noChallenge, "invalid_token");
        if (request.target.find("access_token=") != std::string::npos) return challenge(true, "invalid_request");
    }
    if (request.method == "POST") return post(request, std::string(auth.value_or("")));
    if (request.method == "DELETE") {
        std::lock_guard lock(mutex_);
        auto id = request.headers.get("Mcp-Session-Id");
        if (!id) return makeResponse(400, {}, "");
        if (!sessions_.count(std::string(*id))) return makeResponse(404, {}, "");
        if (!faults_.sessionSurvivesDelete) sessions_.erase(std::string(*id));
        return makeResponse(204, {}, "");
    }
    if (auto id = request.headers.get("Mcp-Session-Id")) {
        std::lock_guard lock(mutex_);
        if (!sessions_.count(std::string(*id))) return makeResponse(404, {}, "");
    }
    return makeResponse(405, {{"Allow", "POST, DELETE"}}, "");
}

OpenResult FakeMcpServer::post(const HttpRequest& request, const std::string& authorization) {
    auto decoded = mcp::decodeJsonRpcBody(request.body);
    auto sessionHeader = request.headers.get("Mcp-Session-Id");
    HttpHeaders headers = {{"Content-Type", "application/json"}};
    std::string sessionAuth = authorization;
    bool isInitialize = !decoded.parseError && decoded.items.size() == 1 && decoded.items[0].message &&
                        decoded.items[0].message->method == "initialize";
    {
        std::lock_guard lock(mutex_);
        if (isInitialize && !sessionHeader) {
            int n = nextSession_++;
            auto id = "fake-session-" + std::to_string(n) + "-" + mcp::tokenFingerprint(std::to_string(n)).substr(7);
            sessions_[id] = authorization;
            if (firstSessionAuth_.empty()) firstSessionAuth_ = authorization;
            headers.push_back({"Mcp-Session-Id", id});
        } else if (sessionHeader) {
            auto known = sessions_.find(std::string(*sessionHeader));
            if (known == sessions_.end()) return makeResponse(404, {}, "");
            sessionAuth = known->second;
        } else if (!decoded.parseError) {
            return makeResponse(400, headers, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"no session"}})");
        }
        if (faults_.echoFirstSession) sessionAuth = firstSessionAuth_;
    }
    bool notification = false;
    int status = 200;
    auto body = answer(request.body, sessionAuth, notification, status);
    if (notification && !faults_.notificationAnswered) return makeResponse(202, {}, "");
    return makeResponse(status, headers, body);
}

std::string FakeMcpServer::answer(const std::string& received, const std::string& sessionAuth, bool& isNotification, int& status) {
    std::string body = received;
    if (faults_.servesInvalidUtf8 && !mcp::isValidUtf8(body))
        for (auto& c : body)
            if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    auto decoded = mcp::decodeJsonRpcBody(body);
    if (decoded.parseError) {
        status = 400;
        return mcp::serialize(mcp::makeErrorResponse(std::nullopt, faults_.parseErrorCode ? mcp::kInternalError : mcp::kParseError, "Parse error"));
    }
    if (decoded.isBatch || decoded.items.size() != 1) {
        status = 400;
        return mcp::serialize(mcp::makeErrorResponse(std::nullopt, mcp::kInvalidRequest, "batches are not supported"));
    }
    const auto& item = decoded.items[0];
    if (!item.message) {
        status = 400;
        return mcp::serialize(mcp::makeErrorResponse(item.errorId, item.error->code, item.error->message));
    }
    const auto& m = *item.message;
    if (m.isNotification() || m.isResponse()) {
        isNotification = true;
        return R"({"jsonrpc":"2.0","id":null,"result":{}})";
    }
    std::string id = m.id->toJson();
    if (faults_.stringifyIds && m.id->isInteger()) id = "\"" + id + "\"";
    auto ok = [&](const std::string& result) { return R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result + "}"; };
    auto err = [&](int code, const std::string& message) {
        return R"({"jsonrpc":"2.0","id":)" + id + R"(,"error":{"code":)" + std::to_string(code) + R"(,"message":)" + jsonQuote(message) + "}}";
    };
    if (m.method == "initialize") {
        auto requested = getString(m.params, "protocolVersion");
        if (!requested) return err(mcp::kInvalidParams, "protocolVersion missing");
        auto version = std::string(mcp::toString(mcp::negotiateRevision(*requested)));
        return ok(R"({"protocolVersion":")" + version + R"(","capabilities":{"tools":{}},"serverInfo":{"name":"fake","version":"1"}})");
    }
    if (m.method == "ping") return ok("{}");
    if (m.method == "tools/list")
        return ok(R"({"tools":[{"name":"add","inputSchema":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}},)"
                  R"({"name":"getToken","inputSchema":{"type":"object"}},)"
                  R"({"name":"echo","inputSchema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}}]})");
    if (m.method == "tools/call") {
        auto name = getString(m.params, "name");
        if (!name) return err(mcp::kInvalidParams, "name missing");
        if (m.params->has("arguments") && !getObject(m.params, "arguments")) return err(mcp::kInvalidParams, "arguments must be an object");
        if (faults_.argumentsRequired && !m.params->has("arguments")) return err(mcp::kInvalidParams, "arguments missing");
        if (*name == "echo") {
            auto message = getString(getObject(m.params, "arguments"), "message");
            if (!message) return ok(R"({"content":[{"type":"text","text":"message must be a string"}],"isError":true})");
            return ok(text("Echo: " + *message));
        }
        if (*name == "getToken") {
            std::string echoed = sessionAuth;
            if (faults_.echoSchemeStripped) echoed = echoed.substr(echoed.find(' ') + 1);
            if (faults_.echoTruncated && echoed.size() > 64) echoed.resize(64);
            return ok(text("User's token: " + echoed));
        }
        if (*name == "add") {
            auto args = getObject(m.params, "arguments");
            auto a = getInteger(args, "a"), b = getInteger(args, "b");
            if (!a || !b) return ok(R"({"content":[{"type":"text","text":"a and b must be numbers"}],"isError":true})");
            return ok(text(std::to_string(*a + *b)));
        }
        if (faults_.toolNotFoundResult) return ok(R"({"content":[{"type":"text","text":"tool not found"}],"isError":true})");
        return err(mcp::kInvalidParams, "Unknown tool: " + *name);
    }
    if (faults_.unknownMethodOk) return ok("{}");
    return err(mcp::kMethodNotFound, "Method not found");
}

}  // namespace mcpc::testing
