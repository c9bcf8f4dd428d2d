// One tools/call: immediate or deferred answers, notifications, client requests, timers.
#include "reference-server/tool_call.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <array>

namespace mcp::server {
namespace {
constexpr std::array<std::string_view, 8> kLogLevels = {"debug", "info", "notice", "warning",
                                                        "error", "critical", "alert", "emergency"};
constexpr int kRequestTimeout = -32001;
}  // namespace

std::optional<int> logLevelIndex(std::string_view level) {
    auto it = std::find(kLogLevels.begin(), kLogLevels.end(), level);
    if (it == kLogLevels.end()) return std::nullopt;
    return static_cast<int>(it - kLogLevels.begin());
}

Poco::JSON::Object::Ptr contentResult(Poco::JSON::Array::Ptr content, bool isError) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object();
    result->set("content", content);
    if (isError) result->set("isError", true);
    return result;
}

Poco::JSON::Object::Ptr textResult(const std::string& text, bool isError) {
    Poco::JSON::Object::Ptr block = new Poco::JSON::Object();
    block->set("type", "text");
    block->set("text", text);
    Poco::JSON::Array::Ptr content = new Poco::JSON::Array();
    content->add(block);
    return contentResult(content, isError);
}

ToolCall::ToolCall(JsonRpcId id, Poco::JSON::Object::Ptr arguments, Poco::JSON::Object::Ptr meta, McpSession& session,
                   std::chrono::milliseconds answerTimeout)
    : id_(std::move(id)),
      arguments_(arguments ? arguments : Poco::JSON::Object::Ptr(new Poco::JSON::Object())),
      session_(session),
      answerTimeout_(answerTimeout) {
    if (meta && meta->has("progressToken")) progressToken_ = meta->get("progressToken");
}

void ToolCall::log(std::string_view level, const Poco::Dynamic::Var& data, std::string_view logger) {
    auto index = logLevelIndex(level);
    if (done_ || !index || *index < session_.minLogLevel) return;
    Poco::JSON::Object::Ptr params = new Poco::JSON::Object();
    params->set("level", std::string(level));
    params->set("logger", std::string(logger));
    params->set("data", data);
    session_.channel->send(serialize(makeNotification("notifications/message", params)), id_);
}

void ToolCall::progress(double done, std::optional<double> total, std::string message) {
    if (done_ || !wantsProgress()) return;
    Poco::JSON::Object::Ptr params = new Poco::JSON::Object();
    params->set("progressToken", progressToken_);
    params->set("progress", done);
    if (total) params->set("total", *total);
    if (!message.empty()) params->set("message", message);
    session_.channel->send(serialize(makeNotification("notifications/progress", params)), id_);
}

bool ToolCall::clientSupports(std::string_view capability) const {
    const auto& caps = session_.clientCapabilities;
    return caps && caps->has(std::string(capability)) && caps->getObject(std::string(capability));
}

// GCC 12 at -O2/-O3 reports the copy of requestId (a std::variant holding an integer) into
// awaitingClient as reading the string alternative's length uninitialized: a false positive
// of its variant analysis, suppressed for this one function.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
void ToolCall::request(std::string method, Poco::JSON::Object::Ptr params,
                       std::function<void(const JsonRpcMessage&)> onAnswer) {
    if (done_) return;
    JsonRpcId requestId(session_.nextRequestId++);
    ownRequests_.push_back(requestId);
    session_.awaitingClient[requestId] = [self = keepAlive(), onAnswer = std::move(onAnswer)](const JsonRpcMessage& answer) {
        if (!self->done_) onAnswer(answer);
    };
    session_.channel->send(serialize(makeRequest(requestId, std::move(method), params)), id_);
    // The client may never answer: the request times out (LC-14), and from 2025-06-18 the
    // client is told that we gave up on it.
    after(answerTimeout_, [this, requestId] {
        auto waiting = session_.awaitingClient.find(requestId);
        if (waiting == session_.awaitingClient.end()) return;
        auto handler = std::move(waiting->second);
        session_.awaitingClient.erase(waiting);
        Poco::JSON::Object::Ptr cancelled = new Poco::JSON::Object();
        cancelled->set("requestId", requestId.toVar());
        cancelled->set("reason", "timed out waiting for the client's answer");
        session_.channel->send(serialize(makeNotification("notifications/cancelled", cancelled)), id_);
        handler(makeErrorResponse(requestId, kRequestTimeout, "the client did not answer in time"));
    });
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

void ToolCall::after(std::chrono::milliseconds delay, std::function<void()> work) {
    if (done_) return;
    session_.channel->after(delay, [self = keepAlive(), work = std::move(work)] {
        if (!self->done_) work();
    });
}

void ToolCall::finish(Poco::JSON::Object::Ptr result) { complete(makeResult(id_, result)); }

void ToolCall::fail(int code, std::string message) { complete(makeErrorResponse(id_, code, std::move(message))); }

void ToolCall::failArguments(const std::string& why) {
    if (argumentErrorsAreToolErrors(revision())) finish(textResult(why, true));
    else fail(kInvalidParams, why);
}

void ToolCall::complete(JsonRpcMessage response) {
    if (done_) return;
    done_ = true;
    for (const auto& requestId : ownRequests_) session_.awaitingClient.erase(requestId);
    if (answeringNow_) {
        immediate_ = std::move(response);
        return;
    }
    auto self = keepAlive();  // erasing below may drop the last owner
    session_.callsInFlight.erase(id_);
    session_.channel->finish(id_, serialize(response));
}

void ToolCall::cancel() {
    if (done_) return;
    done_ = true;
    for (const auto& requestId : ownRequests_) session_.awaitingClient.erase(requestId);
    auto self = keepAlive();
    session_.callsInFlight.erase(id_);
    session_.channel->finish(id_, std::nullopt);
}

}  // namespace mcp::server
