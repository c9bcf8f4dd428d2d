// SessionCloser: ends the Streamable HTTP sessions a case opened, so a run leaves nothing behind
// on the server. A client that no longer needs a session SHOULD send DELETE with its
// Mcp-Session-Id (basic/transports, "Session Management"); without it a run of ~300 cases leaves
// ~200 live sessions per token, and a server with a per-token session quota starts ending the
// oldest ones while later cases still use them.
//
// It wraps the exchanger a case talks through (under the recording layer, so the DELETEs never
// appear in a case's evidence), notes every session id a 2xx response assigns together with the
// request's Authorization value and target, and the latest MCP-Protocol-Version sent with that id.
//
//   SessionCloser closer(bounded);
//   RecordingExchanger recording(closer, log, redactor);
//   ... the case runs ...
//   closer.closeAll(http, extraHeaders, 2s);   // one DELETE per session, not recorded
#pragma once

#include "conformance/http_exchanger.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mcp::conformance {

class SessionCloser : public HttpExchanger {
public:
    static constexpr std::size_t kMaxSessions = 32;   // per case; more are left to the server's expiry

    explicit SessionCloser(HttpExchanger& inner) : inner_(inner) {}
    OpenResult open(const OutgoingRequest& request, milliseconds timeout) override;

    // Sends DELETE for every noted session through `http`, each bounded by `timeout`, with the
    // Authorization value that opened it and `extraHeaders`. Returns how many were sent.
    std::size_t closeAll(HttpExchanger& http, const HttpHeaders& extraHeaders, milliseconds timeout);

private:
    struct NotedSession {
        std::string id;
        std::string target;                       // the request target the session was opened on
        std::optional<std::string> authorization;
        std::optional<std::string> protocolVersion;
    };
    NotedSession* find(const std::string& id);

    HttpExchanger& inner_;
    std::mutex mutex_;
    std::vector<NotedSession> sessions_;
};

}  // namespace mcp::conformance
