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

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mcpc {

enum class TransportKind { Auto, LegacySse, StreamableHttp };
std::string_view toString(TransportKind kind);

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

// Replaces secrets by "<redacted:sha256:xxxxxxxxxxxx>". Thread-safe; secrets shorter than
// 4 bytes are only redacted where they form a whole Authorization credential.
class Redactor {
public:
    Redactor() = default;
    Redactor(const Redactor& other);
    void addSecret(const std::string& secret);
    std::string apply(std::string text) const;
    // An Authorization value with its credential part redacted ("Bearer <redacted:...>").
    std::string redactAuthorization(const std::string& value) const;
    std::string marker(const std::string& secret) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string> secrets_;   // secret -> marker, longest matched first
};

}  // namespace mcpc
