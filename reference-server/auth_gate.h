// Authenticator: decides whether a request may reach an MCP endpoint, and what the session
// it opens stores for getToken to echo.
//
// AuthGate is the bearer implementation: the only reader of the Authorization header. It
// parses bearer credentials (RFC 6750), checks them against the token policy in constant
// time, and builds the 401 challenge with RFC 9728 `resource_metadata` (AU-3, AU-7,
// AB-1..AB-9, AU-15). OpenGate is `--no-auth`: everyone is let in (loopback only, see main).
#pragma once

#include "reference-server/http_message.h"
#include "reference-server/server_config.h"

#include <string>
#include <vector>

namespace mcp::server {

struct AuthOutcome {
    bool ok = false;
    std::string authorization;  // the accepted header value, exactly as received (trimmed by HTTP)
    std::string token;          // the bearer token inside it (sessions belong to it)
    HttpResponse rejection;     // when !ok: the 400/401 to send
};

class Authenticator {
public:
    virtual ~Authenticator() = default;
    // `resourcePath` is the MCP endpoint the request is for ("/mcp" or "/sse").
    virtual AuthOutcome check(const HttpRequest& request, const std::string& resourcePath) const = 0;
};

class AuthGate : public Authenticator {
public:
    AuthGate(const ServerConfig& config, std::string baseUrl);

    AuthOutcome check(const HttpRequest& request, const std::string& resourcePath) const override;
    // The protected resource metadata URL for an endpoint.
    std::string metadataUrl(const std::string& resourcePath) const;

private:
    AuthOutcome reject(int status, const std::string& resourcePath, const char* error, const std::string& description) const;
    bool knownToken(const std::string& token) const;

    std::vector<std::string> tokens_;
    std::string baseUrl_;
};

// --no-auth: every request is let in. All sessions belong to the empty token; getToken
// echoes whatever Authorization value (possibly none) opened the session.
class OpenGate : public Authenticator {
public:
    AuthOutcome check(const HttpRequest& request, const std::string& resourcePath) const override;
};

}  // namespace mcp::server
