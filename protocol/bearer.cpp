// Bearer credentials (RFC 6750 §2.1): parsing with precise errors, constant-time
// comparison and a log-safe token fingerprint.
#include "protocol/bearer.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <cstring>

namespace mcp {
namespace {

bool isSpaceOrTab(char c) { return c == ' ' || c == '\t'; }
bool isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// RFC 9110 tchar: a byte that may continue an auth-scheme name.
bool isTchar(char c) { return isAlnum(c) || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c)); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

}  // namespace

bool isB64TokenChar(char c) { return isAlnum(c) || (c != '\0' && std::strchr("-._~+/", c)); }

BearerCredentials parseBearerCredentials(std::string_view value) {
    while (!value.empty() && isSpaceOrTab(value.front())) value.remove_prefix(1);
    while (!value.empty() && isSpaceOrTab(value.back())) value.remove_suffix(1);
    if (value.empty()) return {BearerError::Empty, {}};

    constexpr std::string_view kScheme = "bearer";
    if (value.size() < kScheme.size()) return {BearerError::OtherScheme, {}};
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (lower(value[i]) != kScheme[i]) return {BearerError::OtherScheme, {}};
    value.remove_prefix(kScheme.size());
    if (value.empty()) return {BearerError::MissingToken, {}};
    if (value.front() != ' ')
        return {isTchar(value.front()) ? BearerError::OtherScheme : BearerError::BadSeparator, {}};
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (value.empty()) return {BearerError::MissingToken, {}};

    bool inPadding = false;
    for (char c : value) {
        if (c == '=') {
            inPadding = true;
        } else if (!isB64TokenChar(c)) {
            return {BearerError::InvalidCharacter, {}};
        } else if (inPadding) {
            return {BearerError::MisplacedPadding, {}};
        }
    }
    if (value.front() == '=') return {BearerError::MisplacedPadding, {}};
    return {BearerError::None, std::string(value)};
}

std::string_view describe(BearerError error) {
    switch (error) {
        case BearerError::None: return "valid bearer credentials";
        case BearerError::Empty: return "the Authorization header is empty";
        case BearerError::OtherScheme: return "the authorization scheme is not Bearer";
        case BearerError::MissingToken: return "the Bearer credentials have no token";
        case BearerError::BadSeparator: return "the Bearer scheme must be followed by a space";
        case BearerError::InvalidCharacter: return "the bearer token contains a character outside b64token";
        case BearerError::MisplacedPadding: return "'=' may appear only as trailing padding of the token";
    }
    return "unknown bearer credentials error";
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string tokenFingerprint(std::string_view token) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(token.data(), static_cast<unsigned>(token.size()));
    return "sha256:" + Poco::DigestEngine::digestToHex(engine.digest()).substr(0, 12);
}

}  // namespace mcp
