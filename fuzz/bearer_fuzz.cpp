// Fuzz target: bearer credential parsing (protocol/bearer.h), the server's reading of every
// Authorization header. Properties when the parse succeeds: the token is non-empty, uses
// only b64token characters with '=' only as trailing padding, and "Bearer " + token parses
// back to the same token, and its log fingerprint has the documented shape. Always: every
// error has a description, and constantTimeEquals agrees with ==.
#include "fuzz/fuzz_support.h"
#include "protocol/bearer.h"

#include <string>

namespace {

bool isWellFormedB64Token(const std::string& token) {
    std::size_t padding = token.find('=');
    std::size_t body = padding == std::string::npos ? token.size() : padding;
    if (body == 0) return false;   // RFC 6750: 1*( b64 chars ) before any padding
    for (std::size_t i = 0; i < body; ++i)
        if (!mcp::isB64TokenChar(token[i])) return false;
    for (std::size_t i = body; i < token.size(); ++i)
        if (token[i] != '=') return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view header(reinterpret_cast<const char*>(data), size);
    auto parsed = mcp::parseBearerCredentials(header);

    FUZZ_CHECK(!mcp::describe(parsed.error).empty(), "an error without a description");
    if (parsed.ok()) {
        FUZZ_CHECK(!parsed.token.empty(), "ok() with an empty token");
        FUZZ_CHECK(isWellFormedB64Token(parsed.token), "ok() with a token outside b64token");
        FUZZ_CHECK(header.find(parsed.token) != std::string_view::npos, "the token is not part of the header");
        auto canonical = mcp::parseBearerCredentials("Bearer " + parsed.token);
        FUZZ_CHECK(canonical.ok() && canonical.token == parsed.token, "\"Bearer \" + token does not parse back");
        auto fingerprint = mcp::tokenFingerprint(parsed.token);
        FUZZ_CHECK(fingerprint.size() == 19 && fingerprint.rfind("sha256:", 0) == 0, "fingerprint is not sha256:<12 hex>");
    } else {
        FUZZ_CHECK(parsed.error != mcp::BearerError::None, "not ok() but no error");
    }

    // Split the input in two and compare the halves both ways.
    auto a = header.substr(0, size / 2), b = header.substr(size / 2);
    FUZZ_CHECK(mcp::constantTimeEquals(a, b) == (a == b), "constantTimeEquals disagrees with ==");
    FUZZ_CHECK(mcp::constantTimeEquals(a, a), "constantTimeEquals(a, a) is false");
    return 0;
}
