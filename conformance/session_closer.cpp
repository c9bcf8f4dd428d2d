// Ends the Streamable HTTP sessions a case opened (see session_closer.h).
#include "conformance/session_closer.h"

namespace mcp::conformance {
namespace {

std::optional<std::string> header(const HttpHeaders& headers, std::string_view name) {
    auto value = headers.get(name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

}  // namespace

SessionCloser::NotedSession* SessionCloser::find(const std::string& id) {
    for (auto& s : sessions_)
        if (s.id == id) return &s;
    return nullptr;
}

OpenResult SessionCloser::open(const OutgoingRequest& request, milliseconds timeout) {
    auto result = inner_.open(request, timeout);
    auto sent = header(request.headers, "Mcp-Session-Id");
    auto assigned = result.stream && result.stream->head().status >= 200 && result.stream->head().status < 300
                        ? header(result.stream->head().headers, "Mcp-Session-Id")
                        : std::nullopt;
    std::lock_guard lock(mutex_);
    if (sent) {
        if (auto* s = find(*sent); s && request.headers.has("MCP-Protocol-Version"))
            s->protocolVersion = header(request.headers, "MCP-Protocol-Version");
    }
    if (assigned && !assigned->empty() && !find(*assigned) && sessions_.size() < kMaxSessions && !request.rawHead)
        sessions_.push_back({*assigned, request.target, header(request.headers, "Authorization"), std::nullopt});
    return result;
}

std::size_t SessionCloser::closeAll(HttpExchanger& http, const HttpHeaders& extraHeaders, milliseconds timeout) {
    std::vector<NotedSession> sessions;
    {
        std::lock_guard lock(mutex_);
        sessions.swap(sessions_);
    }
    for (const auto& s : sessions) {
        OutgoingRequest request;
        request.method = "DELETE";
        request.target = s.target;
        if (s.authorization) request.headers.add("Authorization", *s.authorization);
        for (const auto& field : extraHeaders) request.headers.add(field.name, field.value);
        request.headers.add("Mcp-Session-Id", s.id);
        if (s.protocolVersion) request.headers.add("MCP-Protocol-Version", *s.protocolVersion);
        http.open(request, timeout);   // the answer does not matter: the session is done with
    }
    return sessions.size();
}

}  // namespace mcp::conformance
