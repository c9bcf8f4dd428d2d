// Shared case helpers.
#include "conformance/case_helpers.h"

namespace mcp::conformance {

std::string sessionFailureReportedBy(const CaseContext& ctx, const SessionOpen& opened) {
    using Step = SessionOpen::Step;
    switch (opened.failedAt) {
    case Step::Stream: return "T-SSE-2";
    case Step::Endpoint: return "T-SSE-3";
    case Step::Initialized: return "LC-10";
    default: break;
    }
    int status = opened.initializeReply.httpStatus;
    if (ctx.legacy() && (status == 0 || status == 404 || status == 405)) return "T-SSE-1";
    return "LC-1";
}

Outcome noSession(const CaseContext& ctx, const SessionOpen& opened) {
    return prerequisiteFailed("an initialized session", opened.error, sessionFailureReportedBy(ctx, opened));
}

std::optional<std::string> toolText(const RpcReply& reply) {
    if (!reply.response || !reply.response->isResult()) return std::nullopt;
    auto content = getArray(reply.response->result(), "content");
    if (!content) return std::nullopt;
    std::string text;
    for (std::size_t i = 0; i < content->size(); ++i) {
        auto block = content->getObject(static_cast<unsigned>(i));
        if (getString(block, "type") == "text") text += getString(block, "text").value_or("");
    }
    return text;
}

bool toolIsError(const RpcReply& reply) {
    if (!reply.response || !reply.response->isResult()) return false;
    auto result = reply.response->result();
    return result && result->has("isError") && result->get("isError").isBoolean() && result->get("isError").convert<bool>();
}

std::string describeAnswer(const RpcReply& reply) {
    if (reply.response) {
        if (auto code = reply.response->errorCode()) return "HTTP " + std::to_string(reply.httpStatus) + ", error " + std::to_string(*code) + ": " + excerpt(reply.response->text, 200);
        return "HTTP " + std::to_string(reply.httpStatus) + ", " + excerpt(reply.response->text, 300);
    }
    return reply.describe();
}

Outcome expectError(const RpcReply& reply, long long code, const std::string& what) {
    std::string expected = what + " -> JSON-RPC error " + std::to_string(code);
    if (reply.response && reply.response->errorCode() == code) return Outcome::pass(expected, describeAnswer(reply));
    return Outcome::fail(expected, describeAnswer(reply));
}

std::string describeHttp(const HttpResult& result) {
    if (!result.ok) return "no HTTP response: " + result.error;
    std::string out = "HTTP " + std::to_string(result.head.status);
    if (auto ct = result.header("Content-Type")) out += " (" + *ct + ")";
    if (!result.body.empty()) out += ", body " + excerpt(result.body, 200);
    if (result.timedOut) out += " (body still open at the deadline)";
    return out;
}

Outcome pollUntilStatus(CaseContext& ctx, const OutgoingRequest& request, int status, const std::string& expected) {
    auto deadline = Clock::now() + ctx.target.timeout;
    HttpResult last;
    auto pause = milliseconds(10);
    do {
        last = fetchAll(ctx.http, request, std::max(remaining(deadline), milliseconds(1)), 65536);
        if (last.status() == status) return Outcome::pass(expected, describeHttp(last));
        std::this_thread::sleep_for(std::min(pause, remaining(deadline)));   // backoff between polls, not a correctness sleep
        pause = std::min(pause * 2, milliseconds(200));
    } while (remaining(deadline).count() > 0);
    return Outcome::fail(expected, describeHttp(last) + " (still, after " + std::to_string(ctx.target.timeout.count()) + " ms)");
}

Outcome endpointAfterStreamCloses(CaseContext& ctx, const std::string& idJson, const std::string& expected) {
    auto opened = ctx.open();
    if (!opened.session) return noSession(ctx, opened);
    auto endpoint = opened.session->endpointTarget;
    opened.session->closeStream();
    auto post = ctx.newRequest("POST", endpoint);
    post.headers.push_back({"Content-Type", "application/json"});
    post.body = requestBody(idJson, "ping");
    return pollUntilStatus(ctx, post, 404, expected);
}

std::string requestBody(const std::string& idJson, const std::string& method, const std::string& paramsJson) {
    std::string body = R"({"jsonrpc":"2.0","id":)" + idJson + R"(,"method":")" + method + "\"";
    if (!paramsJson.empty()) body += ",\"params\":" + paramsJson;
    return body + "}";
}

std::string sseProvokingBody(const CaseContext& ctx, const std::string& idJson) {
    if (ctx.facts.hasTool("stream")) return requestBody(idJson, "tools/call", R"({"name":"stream","arguments":{"count":2,"size":64}})");
    return requestBody(idJson, "ping");
}

}  // namespace mcp::conformance
