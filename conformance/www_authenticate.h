// Parser for WWW-Authenticate challenges (RFC 9110 §11.6.1, RFC 6750 §3), strict enough to
// grade AB-7/AB-12: challenge = scheme [ 1*SP ( token68 / #auth-param ) ], challenges
// separated by commas, auth-param = token BWS "=" BWS ( token / quoted-string ).
//
//   auto parsed = parseChallenges(R"(Bearer realm="x", error="invalid_token")");
//   parsed.ok && parsed.challenges[0].param("error") == "invalid_token"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::conformance {

struct Challenge {
    std::string scheme;
    std::optional<std::string> token68;
    std::vector<std::pair<std::string, std::string>> params;   // names lower-cased, values unquoted
    std::optional<std::string> param(std::string_view name) const;
    std::size_t count(std::string_view name) const;
};

struct ParsedChallenges {
    bool ok = false;
    std::string error;
    std::vector<Challenge> challenges;
    const Challenge* bearer() const;   // the first Bearer challenge (case-insensitive), if any
};

ParsedChallenges parseChallenges(std::string_view header);

}  // namespace mcp::conformance
