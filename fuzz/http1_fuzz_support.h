// Helpers for the HTTP/1.1 parser fuzz targets: run one MessageParser over an input in
// fuzz-chosen pieces and capture everything it produced, so two runs (whole vs split,
// strict vs lenient) can be compared field by field.
//
//   auto whole = runHttp1(strictParser, input, 0, false);
//   auto split = runHttp1(strictParser2, input, 3, false);
//   FUZZ_CHECK(sameMessage(whole, split) && whole.events == split.events, "split changed it");
#pragma once

#include "fuzz/fuzz_support.h"
#include "protocol/http1/message_parser.h"
#include "protocol/http1/piecewise_feed.h"

#include <algorithm>
#include <string>
#include <vector>

namespace mcp::fuzz {

struct Http1Run {
    std::vector<http1::ParseEvent> events;
    http1::MessageHead head;
    http1::HeaderFields trailers;
    std::string body;
    std::vector<http1::Observation> observations;
    http1::ParseError error;
    std::size_t consumed = 0;
    bool complete = false;
    bool failed = false;
};

// Feeds `input` in pieces of `piece` bytes (0: all at once) until the first message completes
// or fails; `closeAtEnd` then reports the end of the input as the peer closing.
inline Http1Run runHttp1(http1::MessageParser& parser, std::string_view input, std::size_t piece, bool closeAtEnd) {
    auto fed = http1::feedInPieces(parser, input, piece, closeAtEnd);
    FUZZ_CHECK(fed.brokenContract == nullptr, fed.brokenContract);
    Http1Run out;
    out.events = std::move(fed.events);
    out.body = std::move(fed.body);
    out.head = parser.head();
    out.trailers = parser.trailers();
    out.observations = parser.observations();
    out.error = parser.error();
    out.consumed = fed.consumed;
    out.complete = parser.complete();
    out.failed = parser.failed();
    FUZZ_CHECK(!(out.complete && out.failed), "complete and failed at once");
    return out;
}

// The decoded message: start line, fields, framing, body and trailers.
inline bool sameMessage(const Http1Run& a, const Http1Run& b) {
    return a.head.method == b.head.method && a.head.target == b.head.target && a.head.status == b.head.status &&
           a.head.reason == b.head.reason && a.head.versionMajor == b.head.versionMajor &&
           a.head.versionMinor == b.head.versionMinor && a.head.headers == b.head.headers &&
           a.head.framing == b.head.framing && a.head.contentLength == b.head.contentLength && a.body == b.body &&
           a.trailers == b.trailers && a.consumed == b.consumed;
}

inline bool onlyTolerated(const std::vector<http1::Observation>& observations) {
    return std::all_of(observations.begin(), observations.end(),
                       [](const http1::Observation& o) { return http1::toleratedByStrict(o.kind); });
}

// Piece size from a fuzz byte: 0 whole, then 1..16 bytes, then 1 byte at a time.
inline std::size_t pieceSize(std::uint8_t choice) { return choice < 16 ? choice : (choice < 200 ? 1 + choice % 16 : 1); }

// The same input fed whole and in pieces gives the same events, message, observations and error.
inline void checkSplitInvariance(const Http1Run& whole, const Http1Run& split) {
    FUZZ_CHECK(whole.events == split.events, "splitting the input changed the events");
    FUZZ_CHECK(sameMessage(whole, split), "splitting the input changed the message");
    FUZZ_CHECK(whole.observations == split.observations, "splitting the input changed the observations");
    FUZZ_CHECK(whole.error.status == split.error.status && whole.error.reason == split.error.reason,
               "splitting the input changed the error");
}

// Runs fresh parsers from make() on the input whole, in `piece`-byte pieces and byte by byte,
// checks the three runs agree, and returns the whole run.
template <class MakeParser>
Http1Run runEverySplit(MakeParser make, std::string_view input, std::size_t piece, bool closeAtEnd) {
    auto whole = make();
    auto split = make();
    auto bytewise = make();
    auto a = runHttp1(whole, input, 0, closeAtEnd);
    checkSplitInvariance(a, runHttp1(split, input, piece, closeAtEnd));
    checkSplitInvariance(a, runHttp1(bytewise, input, 1, closeAtEnd));
    return a;
}

// Strict and lenient agree where they must: strict accepts exactly what lenient decodes with
// nothing but tolerated observations, and then both decode it identically.
inline void checkStrictLenientAgreement(const Http1Run& strict, const Http1Run& lenient) {
    if (strict.complete) {
        FUZZ_CHECK(lenient.complete, "strict accepted what lenient refused");
        FUZZ_CHECK(sameMessage(strict, lenient), "strict and lenient decoded an accepted message differently");
        FUZZ_CHECK(onlyTolerated(lenient.observations), "lenient observed a deviation in what strict accepted");
        FUZZ_CHECK(strict.observations == lenient.observations, "strict and lenient observed differently");
    }
    if (lenient.complete && onlyTolerated(lenient.observations))
        FUZZ_CHECK(strict.complete, "strict refused a message lenient found nothing wrong with");
}

}  // namespace mcp::fuzz
