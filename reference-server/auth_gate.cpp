// Bearer authentication and the WWW-Authenticate challenge.
#include "reference-server/auth_gate.h"

#include "protocol/bearer.h"
#include "protocol/json_rpc.h"

namespace mcp::server {

AuthGate::AuthGate(const ServerConfig& config, std::string baseUrl)
    : tokens_(config.tokens), baseUrl_(std::move(baseUrl)) {}

std::string AuthGate::metadataUrl(const std::string& resourcePath) const {
    return baseUrl_ + "/.well-known/oauth-protected-resource" + resourcePath;
}

bool AuthGate::knownToken(const std::string& token) const {
    if (tokens_.empty()) return true;
    bool found = false;
    for (const auto& known : tokens_) found |= constantTimeEquals(known, token);  // no early exit
    return found;
}

AuthOutcome AuthGate::reject(int status, const std::string& resourcePath, const char* error,
                             const std::string& description) const {
    AuthOutcome out;
    std::string challenge = "Bearer resource_metadata=\"" + metadataUrl(resourcePath) + "\"";
    if (error) challenge += std::string(", error=\"") + error + "\", error_description=\"" + description + "\"";
    out.rejection = HttpResponse::json(
        status, serialize(makeErrorResponse(std::nullopt, -32001, (status == 401 ? "Unauthorized: " : "Bad request: ") + description)));
    out.rejection.headers.add("WWW-Authenticate", challenge);
    out.rejection.headers.add("Cache-Control", "no-store");
    return out;
}

AuthOutcome AuthGate::check(const HttpRequest& request, const std::string& resourcePath) const {
    std::size_t count = request.headers.count("Authorization");
    if (count > 1) return reject(400, resourcePath, "invalid_request", "more than one Authorization header");
    // AU-15: a token in the query string is never honoured.
    if (count == 0) return reject(401, resourcePath, nullptr, "missing bearer token");
    std::string value(*request.headers.get("Authorization"));
    BearerCredentials credentials = parseBearerCredentials(value);
    if (credentials.error == BearerError::OtherScheme || credentials.error == BearerError::Empty)
        return reject(401, resourcePath, nullptr, "bearer token required");  // AB-8: no error code
    if (!credentials.ok()) return reject(401, resourcePath, "invalid_token", std::string(describe(credentials.error)));
    if (!knownToken(credentials.token)) return reject(401, resourcePath, "invalid_token", "unknown token");
    AuthOutcome out;
    out.ok = true;
    out.authorization = std::move(value);
    out.token = std::move(credentials.token);
    return out;
}

}  // namespace mcp::server

namespace mcp::server {

AuthOutcome OpenGate::check(const HttpRequest& request, const std::string&) const {
    AuthOutcome out;
    out.ok = true;
    out.authorization = std::string(request.headers.get("Authorization").value_or(""));
    return out;
}

}  // namespace mcp::server
