// The deliberate bugs of `--fault`, as decorators of the reference parts.
#include "reference-server/fault_decorators.h"

#include "protocol/sse_encoder.h"

#include <Poco/JSON/Parser.h>

#include <atomic>
#include <mutex>

namespace mcp::server {
namespace {

bool any(FaultSet faults, std::initializer_list<Fault> list) {
    for (Fault f : list)
        if (faults.has(f)) return true;
    return false;
}

// --- Authenticator ------------------------------------------------------------------------

class FaultyAuthGate : public Authenticator {
public:
    FaultyAuthGate(std::unique_ptr<Authenticator> inner, FaultSet faults) : inner_(std::move(inner)), faults_(faults) {}

    AuthOutcome check(const HttpRequest& request, const std::string& resourcePath) const override {
        auto header = request.headers.get("Authorization");
        if (faults_.has(Fault::NoAuth) && !header) return letIn("", "");
        if (faults_.has(Fault::QueryToken) && !header) {
            if (auto token = request.queryParam("access_token"); token && !token->empty()) return letIn("Bearer " + *token, *token);
        }
        bool refused = header && ((faults_.has(Fault::CaseSensitiveScheme) && header->rfind("Bearer ", 0) != 0) ||
                                  (faults_.has(Fault::SingleSpaceOnly) && header->rfind("Bearer  ", 0) == 0));
        AuthOutcome out = refused ? inner_->check(withoutAuthorization(request), resourcePath) : inner_->check(request, resourcePath);
        if (!out.ok && faults_.has(Fault::NoChallenge)) out.rejection.headers.remove("WWW-Authenticate");
        return out;
    }

private:
    static AuthOutcome letIn(std::string authorization, std::string token) {
        AuthOutcome out;
        out.ok = true;
        out.authorization = std::move(authorization);
        out.token = std::move(token);
        return out;
    }
    static HttpRequest withoutAuthorization(HttpRequest request) {
        request.headers.remove("Authorization");
        return request;
    }

    std::unique_ptr<Authenticator> inner_;
    FaultSet faults_;
};

// --- McpHandler -----------------------------------------------------------------------------

class FaultyMessages : public McpHandler {
public:
    FaultyMessages(McpHandler& inner, FaultSet faults) : inner_(inner), faults_(faults) {}

    McpReply handle(const JsonRpcMessage& message, McpSession& session) override {
        const JsonRpcMessage* forwarded = &message;
        JsonRpcMessage downgraded;
        if (faults_.has(Fault::VersionDowngrade) && message.isRequest() && message.method == "initialize" && message.params) {
            downgraded = message;
            downgraded.params = new Poco::JSON::Object(*message.params);
            downgraded.params->set("protocolVersion", "2024-11-05");
            forwarded = &downgraded;
        }
        McpReply reply = inner_.handle(*forwarded, session);
        if (message.isNotification() && faults_.has(Fault::NotificationAnswered))
            reply.response = makeErrorResponse(std::nullopt, kMethodNotFound, "Unhandled notification");
        if (!reply.response) return reply;
        JsonRpcMessage& response = *reply.response;
        if (faults_.has(Fault::UnknownMethodOk) && response.error.code == kMethodNotFound && response.id)
            response = makeResult(*response.id, new Poco::JSON::Object());
        if (faults_.has(Fault::ToolNotFoundResult) && message.method == "tools/call" && response.error.code == kInvalidParams &&
            response.error.message.rfind("Unknown tool", 0) == 0)
            response = makeResult(*response.id, textResult(response.error.message, true));
        if (message.method == "tools/call" && message.params && message.params->optValue<std::string>("name", "") == "getToken" &&
            response.result)
            response.result = textResult("User's token: " + echoed(session.authorization));
        if (faults_.has(Fault::IdStringified) && response.id && response.id->isInteger())
            response.id = JsonRpcId(std::to_string(response.id->integer()));
        return reply;
    }

private:
    std::string echoed(std::string value) {
        if (faults_.has(Fault::EchoFirstSession)) {
            std::call_once(firstSessionOnce_, [&] { firstSessionAuthorization_ = value; });
            value = firstSessionAuthorization_;
        }
        if (faults_.has(Fault::EchoSchemeStripped)) {
            auto space = value.find(' ');
            if (space != std::string::npos) value = value.substr(value.find_first_not_of(' ', space));
        }
        if (faults_.has(Fault::EchoTruncated) && value.size() > 64) value.resize(64);
        return value;
    }

    McpHandler& inner_;
    FaultSet faults_;
    std::once_flag firstSessionOnce_;
    std::string firstSessionAuthorization_;
};

// --- HttpHandler ----------------------------------------------------------------------------

// Keeps what the reference transport would have sent on the legacy stream for one POST.
class CapturingChannel : public SessionChannel {
public:
    explicit CapturingChannel(std::shared_ptr<SessionChannel> inner) : inner_(std::move(inner)) {}
    void send(std::string json, const std::optional<JsonRpcId>& relatedTo) override {
        if (relatedTo) return inner_->send(std::move(json), relatedTo);
        captured.push_back(std::move(json));
    }
    void finish(const JsonRpcId&, std::optional<std::string> response) override {
        if (response) captured.push_back(std::move(*response));
    }
    void after(std::chrono::milliseconds delay, std::function<void()> work) override { inner_->after(delay, std::move(work)); }
    void disconnect(const JsonRpcId& id, std::chrono::milliseconds retry) override { inner_->disconnect(id, retry); }
    void close() override { inner_->close(); }
    bool owesEvents() const override { return inner_->owesEvents(); }

    const std::shared_ptr<SessionChannel>& inner() const { return inner_; }
    std::vector<std::string> captured;

private:
    std::shared_ptr<SessionChannel> inner_;
};

class FaultyHttp : public HttpHandler {
public:
    FaultyHttp(std::unique_ptr<HttpHandler> inner, ServerContext& context) : inner_(std::move(inner)), context_(context) {}

    HttpResponse handle(const HttpRequest& original) override {
        const FaultSet& faults = context_.config.faults;
        HttpRequest request = original;
        if (faults.has(Fault::NoOriginCheck)) request.headers.remove("Origin");
        if (faults.has(Fault::ProtocolVersionIgnored)) {
            auto version = request.headers.get("MCP-Protocol-Version");
            if (version && !parseRevision(*version)) request.headers.remove("MCP-Protocol-Version");
        }
        if (faults.has(Fault::SessionSurvivesDelete) && request.method == "DELETE" && request.path == "/mcp") {
            HttpResponse noContent;
            noContent.status = 204;
            return noContent;
        }
        HttpResponse response = faults.has(Fault::LegacyReplyInPostBody) && request.method == "POST" && request.path == "/sse/message"
                                    ? answerInPostBody(request)
                                    : inner_->handle(request);
        if (faults.has(Fault::ParseErrorCode) && response.status == 400) {
            auto body = decodeJsonRpcBody(response.body);
            if (body.items.size() == 1 && body.items[0].message && body.items[0].message->error.code == kParseError)
                response.body = serialize(makeErrorResponse(std::nullopt, kInternalError, body.items[0].message->error.message));
        }
        return response;
    }

private:
    // The legacy POST is served as usual, but what it would send on the stream comes back in
    // its own body (200) instead.
    HttpResponse answerInPostBody(const HttpRequest& request) {
        AuthOutcome auth = context_.auth->check(request, "/sse");
        auto id = request.queryParam("sessionId");
        auto session = auth.ok && id ? context_.sessions.find(*id, auth.token) : nullptr;
        if (!session || !session->mcp.channel) return inner_->handle(request);
        std::shared_ptr<CapturingChannel> capture;
        {
            std::lock_guard lock(session->mutex);
            capture = std::make_shared<CapturingChannel>(session->mcp.channel);
            session->mcp.channel = capture;
        }
        HttpResponse response = inner_->handle(request);
        std::lock_guard lock(session->mutex);
        session->mcp.channel = capture->inner();
        if (response.status != 202) return response;
        return HttpResponse::json(200, capture->captured.empty() ? "" : capture->captured.front());
    }

    std::unique_ptr<HttpHandler> inner_;
    ServerContext& context_;
};

}  // namespace

std::unique_ptr<Authenticator> withAuthFaults(std::unique_ptr<Authenticator> gate, FaultSet faults) {
    if (!any(faults, {Fault::NoAuth, Fault::NoChallenge, Fault::CaseSensitiveScheme, Fault::SingleSpaceOnly, Fault::QueryToken}))
        return gate;
    return std::make_unique<FaultyAuthGate>(std::move(gate), faults);
}

std::unique_ptr<McpHandler> withMessageFaults(McpHandler& server, FaultSet faults) {
    if (!any(faults, {Fault::IdStringified, Fault::UnknownMethodOk, Fault::NotificationAnswered, Fault::ToolNotFoundResult,
                      Fault::VersionDowngrade, Fault::EchoTruncated, Fault::EchoSchemeStripped, Fault::EchoFirstSession}))
        return nullptr;
    return std::make_unique<FaultyMessages>(server, faults);
}

std::unique_ptr<HttpHandler> withHttpFaults(std::unique_ptr<HttpHandler> handler, ServerContext& context) {
    if (!any(context.config.faults, {Fault::NoOriginCheck, Fault::ProtocolVersionIgnored, Fault::SessionSurvivesDelete,
                                     Fault::ParseErrorCode, Fault::LegacyReplyInPostBody}))
        return handler;
    return std::make_unique<FaultyHttp>(std::move(handler), context);
}

EventEncoder eventEncoderFor(FaultSet faults) {
    bool unterminated = faults.has(Fault::SseUnterminatedEvents);
    bool hideEndpoint = faults.has(Fault::LegacyNoEndpointEvent);
    if (!unterminated && !hideEndpoint) return [](std::string& out, const SseOutEvent& event) { appendSseEvent(out, event); };
    return [unterminated, hideEndpoint](std::string& out, SseOutEvent event) {
        if (hideEndpoint && event.event == "endpoint") event.event = {};
        std::size_t start = out.size();
        appendSseEvent(out, event);
        if (unterminated && out.size() - start >= 2) out.pop_back();
    };
}

SessionRegistry::IdGenerator sessionIdsFor(FaultSet faults) {
    if (!faults.has(Fault::PredictableSessionId)) return SessionRegistry::randomSessionId;
    auto counter = std::make_shared<std::uint64_t>(0);  // the registry calls this under its lock
    return [counter] { return std::to_string(++*counter); };
}

}  // namespace mcp::server
