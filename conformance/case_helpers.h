// Helpers shared by the cases_*.cpp files: opening sessions with a clear prerequisite failure,
// reading tool results and error codes, and the common shapes of expectations. Finding and
// calling fixture tools is fixture_tools.h.
#pragma once

#include "conformance/conformance_case.h"
#include "conformance/json_util.h"

#include <optional>
#include <string>
#include <thread>

namespace mcp::conformance {

inline bool is2xx(int status) { return status >= 200 && status < 300; }
inline bool is4xx(int status) { return status >= 400 && status < 500; }

// A case whose precondition failed judges nothing: it is blocked, and names the case that
// reports the cause (a case fails only for the requirement it names).
inline Outcome prerequisiteFailed(const std::string& what, const std::string& error, const std::string& reportedBy = "LC-1") {
    return Outcome::blocked(what + " could not be had (" + error + "); " + reportedBy + " reports the cause");
}
// The case that reports why a session could not open: T-SSE-2 (the legacy GET), T-SSE-3 (its
// endpoint event), T-SSE-1 (the legacy POST endpoint not served), LC-10 (initialized refused),
// else LC-1 (initialize itself).
std::string sessionFailureReportedBy(const CaseContext& ctx, const SessionOpen& opened);
Outcome noSession(const CaseContext& ctx, const SessionOpen& opened);

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
Outcome pollUntilStatus(CaseContext& ctx, const OutgoingRequest& request, int status, const std::string& expected);

// Legacy: opens a session, closes its GET stream, then POSTs a ping (id `idJson`) to its endpoint
// until the answer is 404 (pollUntilStatus).
Outcome endpointAfterStreamCloses(CaseContext& ctx, const std::string& idJson, const std::string& expected);

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

}  // namespace mcp::conformance
