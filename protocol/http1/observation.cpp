// Names, descriptions and strict-mode handling of framing observations.
#include "protocol/http1/observation.h"

#include <cstdio>

namespace mcp::http1 {

std::string_view name(ObservationKind kind) {
    switch (kind) {
    case ObservationKind::ContentLengthWithTransferEncoding: return "content-length-with-transfer-encoding";
    case ObservationKind::InvalidContentLength: return "invalid-content-length";
    case ObservationKind::DifferingContentLengths: return "differing-content-lengths";
    case ObservationKind::RepeatedContentLength: return "repeated-content-length";
    case ObservationKind::ChunkedNotFinal: return "chunked-not-final";
    case ObservationKind::ChunkedAppliedTwice: return "chunked-applied-twice";
    case ObservationKind::UnknownTransferCoding: return "unknown-transfer-coding";
    case ObservationKind::FramingFieldWithoutBody: return "framing-field-without-body";
    case ObservationKind::TransferEncodingInHttp10: return "transfer-encoding-in-http10";
    case ObservationKind::InvalidChunkSize: return "invalid-chunk-size";
    case ObservationKind::InvalidChunkExtension: return "invalid-chunk-extension";
    case ObservationKind::ChunkDataNotFollowedByCrlf: return "chunk-data-not-followed-by-crlf";
    case ObservationKind::UnterminatedChunkedBody: return "unterminated-chunked-body";
    case ObservationKind::BodyShorterThanContentLength: return "body-shorter-than-content-length";
    case ObservationKind::BareLf: return "bare-lf";
    case ObservationKind::BareCr: return "bare-cr";
    case ObservationKind::ObsFold: return "obs-fold";
    case ObservationKind::WhitespaceBeforeColon: return "whitespace-before-colon";
    case ObservationKind::MalformedFieldLine: return "malformed-field-line";
    case ObservationKind::InvalidFieldValue: return "invalid-field-value";
    case ObservationKind::MalformedStartLine: return "malformed-start-line";
    case ObservationKind::InvalidHost: return "invalid-host";
    }
    return "unknown";
}

std::string_view describe(ObservationKind kind) {
    switch (kind) {
    case ObservationKind::ContentLengthWithTransferEncoding:
        return "Content-Length sent together with Transfer-Encoding (RFC 9112 §6.2: a sender MUST NOT)";
    case ObservationKind::InvalidContentLength:
        return "Content-Length is not a decimal number of octets (RFC 9110 §8.6 grammar; RFC 9112 §6.3 item 5)";
    case ObservationKind::DifferingContentLengths:
        return "differing Content-Length values (RFC 9112 §6.3 item 5: the framing is invalid)";
    case ObservationKind::RepeatedContentLength:
        return "Content-Length repeated as a list or on several lines (RFC 9110 §8.6 grammar is one value; §5.3)";
    case ObservationKind::ChunkedNotFinal:
        return "chunked is not the final transfer coding (RFC 9112 §6.1, §6.3 item 4)";
    case ObservationKind::ChunkedAppliedTwice:
        return "chunked applied more than once (RFC 9112 §6.1: a sender MUST NOT)";
    case ObservationKind::UnknownTransferCoding:
        return "a transfer coding other than chunked (RFC 9112 §6.1, §7)";
    case ObservationKind::FramingFieldWithoutBody:
        return "Content-Length or Transfer-Encoding on a 1xx or 204 response (RFC 9110 §8.6, RFC 9112 §6.1: MUST NOT)";
    case ObservationKind::TransferEncodingInHttp10:
        return "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1: the framing is faulty)";
    case ObservationKind::InvalidChunkSize:
        return "chunk-size is not a hexadecimal number (RFC 9112 §7.1)";
    case ObservationKind::InvalidChunkExtension:
        return "chunk extension off the chunk-ext grammar (RFC 9112 §7.1.1)";
    case ObservationKind::ChunkDataNotFollowedByCrlf:
        return "chunk data not followed by CRLF (RFC 9112 §7.1)";
    case ObservationKind::UnterminatedChunkedBody:
        return "connection closed before the last-chunk and final CRLF of a chunked body (RFC 9112 §7.1, §8)";
    case ObservationKind::BodyShorterThanContentLength:
        return "connection closed before Content-Length octets arrived (RFC 9112 §6.3 item 6, §8)";
    case ObservationKind::BareLf:
        return "line ended by a bare LF instead of CRLF (RFC 9112 §2.2)";
    case ObservationKind::BareCr:
        return "bare CR in the message head (RFC 9112 §2.2: a sender MUST NOT)";
    case ObservationKind::ObsFold:
        return "obsolete line folding (RFC 9112 §5.2: a sender MUST NOT)";
    case ObservationKind::WhitespaceBeforeColon:
        return "whitespace between a field name and its colon (RFC 9112 §5.1)";
    case ObservationKind::MalformedFieldLine:
        return "field line without a colon or with a non-token name (RFC 9112 §5, RFC 9110 §5.1)";
    case ObservationKind::InvalidFieldValue:
        return "control character in a field value (RFC 9110 §5.5)";
    case ObservationKind::MalformedStartLine:
        return "request line or status line off the grammar (RFC 9112 §3, §4)";
    case ObservationKind::InvalidHost:
        return "missing, repeated or invalid Host (RFC 9112 §3.2)";
    }
    return "unknown observation";
}

bool toleratedByStrict(ObservationKind kind) {
    return kind == ObservationKind::BareLf || kind == ObservationKind::RepeatedContentLength;
}

int requestErrorStatus(ObservationKind kind) {
    switch (kind) {
    case ObservationKind::UnknownTransferCoding: return 501;  // RFC 9112 §6.1 (H-10)
    default: return 400;
    }
}

std::string printableExcerpt(std::string_view bytes, std::size_t max) {
    std::string out;
    std::size_t i = 0;
    for (; i < bytes.size() && out.size() < max; ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    if (i < bytes.size()) out += "...";
    return out;
}

}  // namespace mcp::http1
