// ToolCall: one tools/call as a tool sees it. A tool answers with finish() or fail(), either
// at once or later: after a timer, or when the client answers a request the tool sent
// (sampling, elicitation). While it runs, it may send progress and log notifications,
// which travel with the call (on its stream in Streamable HTTP).
//
//   void slowTool(ToolCall& call) {
//       call.progress(0, 2);
//       call.after(50ms, [&call] { call.progress(1, 2); call.finish(textResult("done")); });
//   }   // handle() answers later; notifications/cancelled for the call makes the rest a no-op
//
// The call lives in McpSession::callsInFlight until it is finished or cancelled, so the
// callbacks a tool registers may capture `call` by reference (or keepAlive() to be safe).
#pragma once

#include "reference-server/mcp_session.h"

#include <Poco/JSON/Object.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::server {

class MessageSequence;

class ToolCall : public std::enable_shared_from_this<ToolCall> {
public:
    // `answerTimeout`: how long a server-to-client request may wait for the client's answer.
    ToolCall(JsonRpcId id, Poco::JSON::Object::Ptr arguments, Poco::JSON::Object::Ptr meta, McpSession& session,
             std::chrono::milliseconds answerTimeout);

    const JsonRpcId& id() const { return id_; }
    // The call's arguments; never null (an empty object when none were sent).
    const Poco::JSON::Object::Ptr& arguments() const { return arguments_; }
    McpSession& session() { return session_; }
    Revision revision() const { return *session_.revision; }
    std::shared_ptr<ToolCall> keepAlive() { return shared_from_this(); }

    // notifications/message, when `level` is at or above the session's logging level.
    void log(std::string_view level, const Poco::Dynamic::Var& data, std::string_view logger = "mcp-reference-server");
    // notifications/progress, when the request carried _meta.progressToken.
    void progress(double done, std::optional<double> total = std::nullopt, std::string message = {});
    bool wantsProgress() const { return !progressToken_.isEmpty(); }
    // True when the client declared this capability ("sampling", "elicitation", "roots") at initialize.
    bool clientSupports(std::string_view capability) const;
    // Sends a request to the client; `onAnswer` runs with its response (result or error), or
    // with a -32001 timeout error after the answer timeout (the client is then sent
    // notifications/cancelled for it, LC-14). Nothing runs once the call is done.
    void request(std::string method, Poco::JSON::Object::Ptr params, std::function<void(const JsonRpcMessage&)> onAnswer);
    // Closes the connection carrying this call (SSE polling, SEP-1699); the client resumes.
    void disconnect(std::chrono::milliseconds retry) { session_.channel->disconnect(id_, retry); }
    // Runs `work` after `delay` unless the call is done by then.
    void after(std::chrono::milliseconds delay, std::function<void()> work);

    // The result (a CallToolResult object), a JSON-RPC error, or an error for bad arguments
    // (a JSON-RPC error before 2025-11-25, an isError result from then on: TL-10).
    void finish(Poco::JSON::Object::Ptr result);
    void fail(int code, std::string message);
    void failArguments(const std::string& why);
    // Notifications to send before the immediate response (the `stream` benchmark tool).
    void streamBefore(std::shared_ptr<MessageSequence> sequence) { sequence_ = std::move(sequence); }
    // notifications/cancelled: no response is sent, pending work is dropped.
    void cancel();

    bool done() const { return done_; }

private:
    friend class McpServer;
    void complete(JsonRpcMessage response);

    JsonRpcId id_;
    Poco::JSON::Object::Ptr arguments_;
    Poco::Dynamic::Var progressToken_;
    McpSession& session_;
    std::chrono::milliseconds answerTimeout_;
    bool done_ = false;
    bool answeringNow_ = true;                   // still inside handle(): answer synchronously
    std::optional<JsonRpcMessage> immediate_;    // the response when finished inside handle()
    std::shared_ptr<MessageSequence> sequence_;
    std::vector<JsonRpcId> ownRequests_;         // server-to-client requests still awaited
};

// The index of a syslog level name (debug=0 .. emergency=7), as logging/setLevel uses.
std::optional<int> logLevelIndex(std::string_view level);

// Helpers for tool results.
Poco::JSON::Object::Ptr textResult(const std::string& text, bool isError = false);
Poco::JSON::Object::Ptr contentResult(Poco::JSON::Array::Ptr content, bool isError = false);

}  // namespace mcp::server
