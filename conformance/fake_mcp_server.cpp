// In-memory MCP server for unit tests (see fake_mcp_server.h).
#include "conformance/fake_mcp_server.h"

#include "conformance/json_util.h"
#include "protocol/bearer.h"
#include "protocol/json_rpc.h"
#include "protocol/protocol_version.h"

namespace mcp::conformance::testing {

ReadStatus FakeStream::read(std::string& out, milliseconds) {
    if (pos_ >= body_.size()) return endless_ ? ReadStatus::Timeout : ReadStatus::End;
    auto n = std::min(chunk_, body_.size() - pos_);
    out.append(body_, pos_, n);
    pos_ += n;
    return ReadStatus::Data;
}

ReadStatus LiveStream::read(std::string& out, milliseconds) {
    if (pos_ >= buffer_->size()) return ReadStatus::Timeout;
    auto n = std::min(chunk_, buffer_->size() - pos_);
    out.append(*buffer_, pos_, n);
    pos_ += n;
    return ReadStatus::Data;
}

OpenResult ScriptedLegacyServer::handle(const OutgoingRequest& request) {
    if (request.method == "GET") {
        if (s_.getStatus != 200) return makeResponse(s_.getStatus, {{"Content-Type", "text/plain"}}, "no stream here");
        *buffer_ = "\xEF\xBB\xBF";   // a BOM is legal at the start
        if (s_.comments) *buffer_ += ":keep-alive" + s_.eol + s_.eol;
        *buffer_ += (s_.endpointEvent ? "event: endpoint" + s_.eol : std::string()) + "data: " + s_.endpoint + s_.eol + s_.eol;
        OpenResult out;
        out.stream = std::make_unique<LiveStream>(HttpResponseHead{200, "OK", {{"Content-Type", s_.getContentType}}}, buffer_, s_.chunk);
        return out;
    }
    if (s_.postStatus != 202) return makeResponse(s_.postStatus, {{"Content-Type", "text/plain"}}, "not here");
    auto decoded = mcp::decodeJsonRpcBody(request.body);
    if (!decoded.parseError && decoded.items.size() == 1 && decoded.items[0].message && decoded.items[0].message->isRequest()) {
        const auto& m = *decoded.items[0].message;
        std::string result = m.method == "initialize"
                                 ? R"({"serverInfo":{"version":"1","name":"s","extra":true},"capabilities":{},"protocolVersion":"2024-11-05"})"
                                 : "{}";
        // Reordered keys and an unknown member: both legal.
        std::string json = R"({"result":)" + result + R"(,"x-unknown":[1,2],"id":)" + m.id->toJson() + R"(,"jsonrpc":"2.0"})";
        if (s_.replyInPostBody) return makeResponse(200, {{"Content-Type", "application/json"}}, json);
        if (s_.comments) *buffer_ += ": tick" + s_.eol;
        std::string event = "event: message" + s_.eol + "data: " + json + s_.eol + s_.eol;
        if (s_.slowTools && m.method == "tools/call") {
            held_ += event;
        } else {
            *buffer_ += event + held_;
            held_.clear();
        }
    }
    return makeResponse(202, {{"Content-Type", "text/plain"}}, "Accepted");
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

OpenResult challenge(bool withHeader, const std::string& error = "", int status = 401) {
    HttpHeaders headers = {{"Content-Type", "application/json"}};
    if (withHeader) {
        std::string value = R"(Bearer resource_metadata="http://127.0.0.1:1/.well-known/oauth-protected-resource")";
        if (!error.empty()) value += ", error=\"" + error + "\"";
        headers.push_back({"WWW-Authenticate", value});
    }
    return makeResponse(status, headers, R"({"error":"unauthorized"})");
}

std::string text(const std::string& s) {
    return R"({"content":[{"type":"text","text":)" + jsonQuote(s) + "}]}";
}

}  // namespace

std::size_t FakeMcpServer::openSessions() {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

OpenResult FakeMcpServer::handle(const OutgoingRequest& request) {
    auto auth = request.headers.get("Authorization");
    if (!faults_.noAuth) {
        if (!auth) return challenge(!faults_.noChallenge, "", faults_.missingCredentialsStatus);
        auto parsed = mcp::parseBearerCredentials(*auth);
        bool exactScheme = auth->rfind("Bearer ", 0) == 0 || auth->find_first_not_of(' ') == std::string::npos ||
                           auth->substr(auth->find_first_not_of(' ')).rfind("Bearer ", 0) == 0;
        if (!parsed.ok() || (faults_.caseSensitiveScheme && !exactScheme)) return challenge(!faults_.noChallenge, "invalid_token");
        if (request.target.find("access_token=") != std::string::npos) return challenge(true, "invalid_request");
    }
    if (faults_.validatesVersionHeader)
        if (auto version = request.headers.get("MCP-Protocol-Version"); version && !mcp::parseRevision(std::string(*version)))
            return makeResponse(400, {{"Content-Type", "application/json"}},
                                R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Unsupported protocol version"}})");
    if (request.method == "POST") return post(request, std::string(auth.value_or("")));
    if (request.method == "DELETE") {
        std::lock_guard lock(mutex_);
        auto id = request.headers.get("Mcp-Session-Id");
        if (!id) return makeResponse(400, {}, "");
        if (!sessions_.count(std::string(*id))) return makeResponse(404, {}, "");
        if (faults_.deleteStatus) return makeResponse(faults_.deleteStatus, {}, "");
        if (!faults_.sessionSurvivesDelete) sessions_.erase(std::string(*id));
        return makeResponse(204, {}, "");
    }
    if (auto id = request.headers.get("Mcp-Session-Id")) {
        std::lock_guard lock(mutex_);
        if (!sessions_.count(std::string(*id))) return makeResponse(404, {}, "");
    }
    return makeResponse(405, {{"Allow", "POST, DELETE"}}, "");
}

std::string FakeMcpServer::newSessionId(int n) const {
    using Ids = FakeFaults::SessionIds;
    switch (faults_.sessionIds) {
    case Ids::Counter: return "session-" + std::to_string(n);
    case Ids::Short: return mcp::tokenFingerprint(std::to_string(n)).substr(7, 8);
    case Ids::Empty: return "";
    case Ids::JwtLike:   // a shared header and claims prefix, a random-looking signature
        return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXNzaW9uIiwiaWF0IjoxNzAwMDAwMDAwfQ." +
               mcp::tokenFingerprint("sig" + std::to_string(n)).substr(7) + mcp::tokenFingerprint("sig2" + std::to_string(n)).substr(7);
    case Ids::Hashed: break;
    }
    return "fake-session-" + std::to_string(n) + "-" + mcp::tokenFingerprint(std::to_string(n)).substr(7);
}

OpenResult FakeMcpServer::post(const OutgoingRequest& request, const std::string& authorization) {
    auto decoded = mcp::decodeJsonRpcBody(request.body);
    std::optional<std::string> sessionHeader;
    if (auto header = request.headers.get("Mcp-Session-Id")) sessionHeader = std::string(*header);
    HttpHeaders headers = {{"Content-Type", "application/json"}};
    std::optional<std::string> requestId;
    if (!decoded.parseError && decoded.items.size() == 1 && decoded.items[0].message && decoded.items[0].message->isRequest())
        requestId = decoded.items[0].message->id->toJson();
    std::string sessionAuth = authorization;
    bool isInitialize = !decoded.parseError && decoded.items.size() == 1 && decoded.items[0].message &&
                        decoded.items[0].message->method == "initialize";
    {
        std::lock_guard lock(mutex_);
        if (isInitialize && !sessionHeader) {
            auto id = newSessionId(nextSession_++);
            sessions_[id] = authorization;
            if (requestId) usedIds_[id].insert(*requestId);
            if (firstSessionAuth_.empty()) firstSessionAuth_ = authorization;
            headers.push_back({"Mcp-Session-Id", id});
        } else if (sessionHeader || faults_.sessionIds == FakeFaults::SessionIds::Empty) {
            // An empty id is not sent back by clients: requests without one belong to it.
            auto known = sessions_.find(sessionHeader.value_or(""));
            if (known == sessions_.end()) return makeResponse(404, {}, "");
            sessionAuth = known->second;
            if (requestId && !usedIds_[known->first].insert(*requestId).second && faults_.rejectsReusedIds)
                return makeResponse(200, headers, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request id reused"}})");
        } else if (!decoded.parseError) {
            return makeResponse(400, headers, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"no session"}})");
        }
        if (faults_.echoFirstSession) sessionAuth = firstSessionAuth_;
    }
    bool notification = false;
    int status = 200;
    std::vector<std::string> before;
    auto body = answer(request.body, sessionAuth, notification, status, before);
    if (notification && !faults_.notificationAnswered) return makeResponse(202, {}, "");
    if (before.empty()) return makeResponse(status, headers, body);
    std::string events;
    for (const auto& m : before) events += "data: " + m + "\n\n";
    headers.set("Content-Type", "text/event-stream");
    return makeResponse(status, headers, events + "data: " + body + "\n\n");
}

std::string FakeMcpServer::answer(const std::string& received, const std::string& sessionAuth, bool& isNotification, int& status,
                                  std::vector<std::string>& before) {
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
    if (m.isNotification() && faults_.refusesUnknownNotifications && m.method != "notifications/initialized" &&
        m.method != "notifications/cancelled") {
        status = 400;   // "MAY comprise a JSON-RPC error response that has no id"
        return mcp::serialize(mcp::makeErrorResponse(std::nullopt, mcp::kInvalidRequest, "unknown notification"));
    }
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
        auto version = faults_.answers2024Only ? std::string("2024-11-05") : std::string(mcp::toString(mcp::negotiateRevision(*requested)));
        std::string capabilities = faults_.noTools ? "{}" : faults_.logsToken ? R"({"tools":{},"logging":{}})" : R"({"tools":{}})";
        return ok(R"({"protocolVersion":")" + version + R"(","capabilities":)" + capabilities + R"(,"serverInfo":{"name":"fake","version":"1"}})");
    }
    if (faults_.noTools && m.method.rfind("tools/", 0) == 0) return err(mcp::kMethodNotFound, "Method not found");
    if (m.method == "ping") return ok("{}");
    if (m.method == "tools/list")
        return ok(R"({"tools":[{"name":"add","inputSchema":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}},)"
                  R"({"name":"getToken","inputSchema":{"type":"object"}},)" +
                  std::string(faults_.asksUndeclared ? R"({"name":"needs_sampling","inputSchema":{"type":"object"}},)" : "") +
                  R"({"name":"echo","inputSchema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}}]})");
    if (m.method == "tools/call") {
        auto name = getString(m.params, "name");
        int paramsCode = faults_.wrongParamsCode ? mcp::kInternalError : mcp::kInvalidParams;
        if (!name) return err(paramsCode, "name missing");
        if (m.params->has("arguments") && !getObject(m.params, "arguments")) return err(paramsCode, "arguments must be an object");
        if (faults_.logsToken)
            before.push_back(R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":)" +
                             jsonQuote("called with " + sessionAuth) + "}}");
        if (*name == "needs_sampling" && faults_.asksUndeclared) {
            before.push_back(R"({"jsonrpc":"2.0","id":"s-1","method":"sampling/createMessage","params":{"messages":[],"maxTokens":1}})");
            for (auto [cancels, cancelledId] : {std::pair{faults_.cancelsItsRequest, "s-1"}, std::pair{faults_.cancelsUnknownRequest, "s-404"}})
                if (cancels)
                    before.push_back(std::string(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":")") + cancelledId + R"("}})");
            return ok(text("sampled"));
        }
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
        return err(faults_.unknownToolOtherCode ? mcp::kMethodNotFound : mcp::kInvalidParams, "Unknown tool: " + *name);
    }
    if (faults_.unknownMethodOk) return ok("{}");
    return err(mcp::kMethodNotFound, "Method not found");
}

const CaseDef& caseById(const std::string& id) {
    static const CaseCatalog catalog = CaseCatalog::full();
    for (const auto& c : catalog.cases())
        if (c.id == id) return c;
    throw std::runtime_error("no case " + id);
}

TargetFacts streamableFacts() {
    TargetFacts facts;
    facts.transport = TransportKind::StreamableHttp;
    facts.runRevision = mcp::Revision::V2025_11_25;
    facts.supportedRevisions = kAllRevisions;
    for (auto r : mcp::kAllRevisions) facts.initializeAnswers[std::string(mcp::toString(r))] = std::string(mcp::toString(r));
    facts.authRequired = true;
    facts.acceptsAnyToken = true;
    facts.tools = {"add", "getToken", "echo"};
    facts.toolSchemas["add"] = obj(R"({"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]})");
    facts.toolSchemas["getToken"] = obj(R"({"type":"object","properties":{}})");
    facts.toolSchemas["echo"] = obj(R"({"type":"object","properties":{"message":{"type":"string"}},"required":["message"]})");
    return facts;
}

TargetFacts legacyFacts() {
    TargetFacts facts;
    facts.transport = TransportKind::LegacySse;
    facts.runRevision = mcp::Revision::V2024_11_05;
    facts.supportedRevisions = kRev2024;
    facts.initializeAnswers["2024-11-05"] = "2024-11-05";
    return facts;
}

CaseResult runCase(const std::string& id, MockHttpExchanger& http, const TargetFacts& facts) {
    auto target = *Target::fromUrl(facts.transport == TransportKind::LegacySse ? "http://127.0.0.1:1/sse" : "http://127.0.0.1:1/mcp");
    target.authorization = "Bearer unit-test-token";
    target.timeout = milliseconds(300);
    Redactor redactor;
    redactor.addSecret("unit-test-token");
    RunOptions options;
    options.jobs = 1;
    auto report = runCases({&caseById(id)}, target, facts, http, redactor, options);
    return report.results.at(0);
}

CaseResult runCase(const std::string& id, const std::function<OpenResult(const OutgoingRequest&)>& handle, const TargetFacts& facts) {
    MockHttpExchanger http;
    ON_CALL(http, open(::testing::_, ::testing::_)).WillByDefault([&](const OutgoingRequest& r, milliseconds) { return handle(r); });
    EXPECT_CALL(http, open(::testing::_, ::testing::_)).Times(::testing::AnyNumber());
    return runCase(id, http, facts);
}

CaseResult runCase(const std::string& id, FakeMcpServer& server, const TargetFacts& facts) {
    return runCase(id, [&](const OutgoingRequest& r) { return server.handle(r); }, facts);
}

}  // namespace mcp::conformance::testing
