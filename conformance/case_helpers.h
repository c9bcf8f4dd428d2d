// Helpers shared by the cases_*.cpp files: opening sessions with a clear prerequisite failure,
// reading tool results and error codes, and the common shapes of expectations.
#pragma once

#include "conformance/conformance_case.h"
#include "conformance/json_util.h"

#include <optional>
#include <string>
#include <thread>

namespace mcpc {

inline bool is2xx(int status) { return status >= 200 && status < 300; }
inline bool is4xx(int status) { return status >= 400 && status < 500; }

// A case whose precondition failed judges nothing: it is blocked, and names the case that
// reports the cause (a case fails only for the requirement it names).
inline Outcome prerequisiteFailed(const std::string& what, const std::string& error, const std::string& reportedBy = "LC-1") {
    return Outcome::blocked(what + " could not be had (" + error + "); " + reportedBy + " reports the cause");
}
Outcome noSession(const CaseContext& ctx, const SessionOpen& opened);

// A tool call whose arguments come from the server's own inputSchema: the `add` fixture
// ({a, b} numbers), else an `echo` tool (its one string property), else a tool that needs no
// arguments (`getToken`, `no_args`). nullopt when the server exposes none of these; a case
// then skips rather than call a tool it cannot feed.
struct FixtureCall {
    std::string name;
    Poco::JSON::Object::Ptr arguments;
    std::string describe() const;
};
std::optional<FixtureCall> knownGoodCall(const CaseContext& ctx);
// The `add` fixture when its schema takes numbers a and b.
std::optional<FixtureCall> addCall(const CaseContext& ctx, int a, int b);
// The `echo` fixture with `text` in its string property (from the inputSchema).
std::optional<FixtureCall> echoCall(const CaseContext& ctx, const std::string& text);
RpcReply callFixture(McpSession& session, const FixtureCall& call);

// Concatenated text blocks of a tools/call result; nullopt when the reply holds no result.
std::optional<std::string> toolText(const RpcReply& reply);
bool toolIsError(const RpcReply& reply);

// "error -32601" / "result {...}" / the transport problem: for Actual.
std::string describeAnswer(const RpcReply& reply);

// The reply is a JSON-RPC error with this code (or, with a status range, an HTTP error).
Outcome expectError(const RpcReply& reply, long long code, const std::string& what);

// Status of the HTTP answer or of the stream head for a fetch result, with the body excerpt.
std::string describeHttp(const HttpResult& result);

// Repeats `request` until it gets `status` (the server notices a closed stream asynchronously),
// bounded by one --timeout in total; the last answer otherwise fails the case.
Outcome pollUntilStatus(CaseContext& ctx, const HttpRequest& request, int status, const std::string& expected);

// Builds a JSON-RPC request body text.
std::string requestBody(const std::string& idJson, const std::string& method, const std::string& paramsJson = "");

// A request that makes a server answer with SSE if it ever does: the `stream` fixture (log
// notifications, then the result) when the server has it, else ping.
std::string sseProvokingBody(const CaseContext& ctx, const std::string& idJson);

// Runs fn over vectors and returns the first failure, or a pass listing them all.
template <typename Vectors, typename Fn>
Outcome allVectors(const Vectors& vectors, const std::string& expected, Fn fn) {
    std::string seen;
    for (const auto& v : vectors) {
        auto outcome = fn(v);
        if (outcome.verdict != Verdict::Pass) return outcome;
        seen += (seen.empty() ? "" : "; ") + outcome.actual;
    }
    return Outcome::pass(expected, seen);
}

}  // namespace mcpc
