// Observation: one framing or syntax deviation the HTTP/1.1 parser noticed in a message
// (RFC 9112 and the RFC 9110 field rules it relies on). The parser always observes; its
// mode decides what an observation does:
//   - Lenient (the suite reading any server): record it, recover as RFC 9112 tells a
//     recipient to, keep decoding when the framing is still knowable.
//   - Strict (the reference server reading requests): refuse the message with the
//     observation's status, unless the observation is one RFC 9112 lets a recipient
//     tolerate (toleratedByStrict: a bare LF line end, a repeated identical Content-Length).
// So whatever strict accepts, lenient decodes the same way and observes only tolerated
// kinds: the property fuzz/http1_request_fuzz.cpp and fuzz/http1_response_fuzz.cpp check.
#pragma once

#include <string>
#include <string_view>

namespace mcp::http1 {

enum class ObservationKind {
    // Content-Length and Transfer-Encoding (RFC 9112 §6.1-6.3, RFC 9110 §8.6)
    ContentLengthWithTransferEncoding,  // both present (§6.2 MUST NOT)
    InvalidContentLength,               // not 1*DIGIT: "-5", "+5", "abc", "", too many digits
    DifferingContentLengths,            // "5, 6" or two lines with different values
    RepeatedContentLength,              // "5, 5" or two identical lines (§6.3 item 5 lets a recipient use 5)
    ChunkedNotFinal,                    // "chunked, gzip" (§6.1, §6.3 item 4)
    ChunkedAppliedTwice,                // "chunked, chunked" (§6.1 MUST NOT)
    UnknownTransferCoding,              // a coding other than chunked, e.g. "gzip" or "xchunked"
    FramingFieldWithoutBody,            // Content-Length or Transfer-Encoding on a 1xx or 204 response
    TransferEncodingInHttp10,           // a Transfer-Encoding in an HTTP/1.0 message (§6.1)
    // Chunked coding (RFC 9112 §7.1)
    InvalidChunkSize,                   // not 1*HEXDIG, or too large
    InvalidChunkExtension,              // chunk-ext not BWS ";" token [BWS "=" BWS (token / quoted-string)]
    ChunkDataNotFollowedByCrlf,         // chunk-data longer than its size, or not ended by CRLF
    UnterminatedChunkedBody,            // the connection closed before the last-chunk and its final CRLF
    BodyShorterThanContentLength,       // the connection closed before Content-Length octets arrived
    // Message syntax (RFC 9112 §2.2, §3, §4, §5)
    BareLf,                             // a line ended by LF without CR (a recipient MAY accept it)
    BareCr,                             // a CR not followed by LF (§2.2 MUST NOT)
    ObsFold,                            // a field line continued on the next line (§5.2 MUST NOT)
    WhitespaceBeforeColon,              // "Name : value" (§5.1)
    MalformedFieldLine,                 // no colon, empty or non-token field name
    InvalidFieldValue,                  // a control character (NUL, DEL, ...) in a field value
    MalformedStartLine,                 // a request line or status line off the grammar
    InvalidHost,                        // request: no Host in HTTP/1.1, two Host lines, an invalid value
};

struct Observation {
    ObservationKind kind;
    std::string detail;   // where: a short, printable excerpt of the offending line or value
    bool operator==(const Observation&) const = default;
};

// A stable identifier for reports and tests, e.g. "content-length-with-transfer-encoding".
std::string_view name(ObservationKind kind);
// One sentence: what was seen and the rule it breaks, e.g. "Content-Length sent together
// with Transfer-Encoding (RFC 9112 §6.2: a sender MUST NOT)".
std::string_view describe(ObservationKind kind);
// True when a strict recipient accepts the message anyway.
bool toleratedByStrict(ObservationKind kind);
// The status a server answers a request with when strict mode refuses it for this kind.
int requestErrorStatus(ObservationKind kind);

// A printable excerpt of untrusted bytes for an Observation detail (at most `max` bytes,
// control and non-ASCII octets as \xNN).
std::string printableExcerpt(std::string_view bytes, std::size_t max = 60);

}  // namespace mcp::http1
