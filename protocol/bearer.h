// Bearer credentials (RFC 6750 §2.1, RFC 9110 §11): parses an Authorization header
// value into a token, or says precisely why it is not one. Errors are values.
//
//   auto parsed = mcp::parseBearerCredentials("Bearer  abc.DEF~==");
//   if (parsed.ok()) use(parsed.token);          // "abc.DEF~=="
//   else log(mcp::describe(parsed.error));
//
// Grammar: credentials = "Bearer" 1*SP b64token, scheme matched case-insensitively,
// b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// Leading and trailing SP/HTAB of the field value are not part of it (RFC 9110 §5.5).
// HTAB between scheme and token is not SP and is refused (AB-3).
#pragma once

#include <string>
#include <string_view>

namespace mcp {

enum class BearerError {
    None,
    Empty,              // no value at all
    OtherScheme,        // e.g. "Basic ...": not a bearer credential
    MissingToken,       // "Bearer" or "Bearer   "
    BadSeparator,       // something other than SP after the scheme (e.g. HTAB)
    InvalidCharacter,   // a byte outside the b64token set (space, comma, quote, non-ASCII ...)
    MisplacedPadding,   // '=' that is not trailing padding
};

struct BearerCredentials {
    BearerError error = BearerError::None;
    std::string token;  // set when ok()
    bool ok() const { return error == BearerError::None; }
};

BearerCredentials parseBearerCredentials(std::string_view headerValue);

// True for a character of the b64token set, excluding '='.
bool isB64TokenChar(char c);

// Human-readable reason, suitable for error_description (never contains the token).
std::string_view describe(BearerError error);

// Compares in time that depends only on the lengths, not on where the bytes differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

// A short, non-reversible fingerprint for logs: "sha256:" + first 12 hex digits.
std::string tokenFingerprint(std::string_view token);

}  // namespace mcp
