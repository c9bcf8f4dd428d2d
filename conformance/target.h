// Target: everything the user told the suite about the server under test (URL, transport,
// headers, tokens, TLS, timeouts), and the Redactor that keeps those secrets out of every
// report, trace and curl command.
//
//   auto target = Target::fromUrl("http://127.0.0.1:8787/mcp");
//   target->token = "abc";  // becomes "Authorization: Bearer abc"
//   Redactor r; r.addSecret("abc");  r.apply("Bearer abc") == "Bearer <redacted:sha256:...>"
#pragma once

#include "conformance/http_exchanger.h"
#include "conformance/socket_http_exchanger.h"
#include "protocol/protocol_version.h"
#include "protocol/transport_kind.h"

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mcp::conformance {

using mcp::TransportKind;
using mcp::toString;

struct Target {
    Origin origin;
    std::string path = "/";        // path of the user's URL
    std::string query;             // query of the user's URL, without '?'
    TransportKind transport = TransportKind::Auto;
    HttpHeaders extraHeaders;      // --header lines other than Authorization
    std::optional<std::string> authorization;   // full Authorization value, e.g. "Bearer abc"
    std::optional<std::string> authorizationAlt; // second identity (--token-alt)
    TlsOptions tls;
    milliseconds timeout{5000};    // one exchange
    std::optional<mcp::Revision> specVersion;   // --spec-version

    // "http://h:p/path?query" parsed; nullopt with a reason when it is not a usable URL.
    static std::optional<Target> fromUrl(const std::string& url, std::string* error = nullptr);
    std::string pathAndQuery() const { return query.empty() ? path : path + "?" + query; }
    std::string url() const { return origin.toString() + pathAndQuery(); }
    std::string urlFor(const std::string& pathAndQuery) const { return origin.toString() + pathAndQuery; }
};

// Replaces secrets by "<redacted:sha256:xxxxxxxxxxxx>", whatever their length, in one pass
// (longest match first; existing markers are left alone, so applying twice changes nothing).
// Also catches the forms a secret takes in transit: JSON-escaped ("\/") and percent-encoded.
// A secret registered with a shell variable name (MCP_TOKEN) becomes "$MCP_TOKEN" in shell
// commands. Thread-safe.
class Redactor {
public:
    Redactor() = default;
    Redactor(const Redactor& other);
    void addSecret(const std::string& secret, const std::string& shellVariable = "");
    std::string apply(std::string_view text) const;
    // apply(), then the markers of secrets that have a shell variable become '"$VARIABLE"'
    // (for text inside single quotes of a shell command).
    std::string forShell(std::string_view text) const;
    // An Authorization value with its credential part redacted ("Bearer <redacted:...>").
    std::string redactAuthorization(const std::string& value) const;
    std::string marker(const std::string& secret) const;
    // Bytes a secret can take in a recording (its longest encoded form), 0 without secrets.
    std::size_t longestForm() const;

private:
    struct Pattern {
        std::string text, marker;
    };
    mutable std::mutex mutex_;
    std::vector<Pattern> patterns_;                 // every form of every secret, longest first
    std::map<std::string, std::string> variables_;  // marker -> shell variable
};

}  // namespace mcp::conformance
