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

// A case that could not get the session it needs fails, and says it was the prerequisite.
inline Outcome prerequisiteFailed(const std::string& what, const std::string& error) {
    return Outcome::fail(what, "prerequisite failed: " + error);
}
inline Outcome noSession(const SessionOpen& opened) { return prerequisiteFailed("an initialized session", opened.error); }

// Concatenated text blocks of a tools/call result; nullopt when the reply holds no result.
std::optional<std::string> toolText(const RpcReply& reply);
bool toolIsError(const RpcReply& reply);

// "error -32601" / "result {...}" / the transport problem: for Actual.
std::string describeAnswer(const RpcReply& reply);

// The reply is a JSON-RPC error with this code (or, with a status range, an HTTP error).
Outcome expectError(const RpcReply& reply, long long code, const std::string& what);

// Status of the HTTP answer or of the stream head for a fetch result, with the body excerpt.
std::string describeHttp(const HttpResult& result);

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
