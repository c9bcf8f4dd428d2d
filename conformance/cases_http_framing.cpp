// HF-*: how the server frames its responses (RFC 9112 §2-§7, RFC 9110 §8.6). These rows make
// no requests of their own: the protocol's ResponseDecoder observes every response of the
// run (discovery and every other case), the FramingLedger collects what it saw, and each
// row runs last and grades the whole run, naming the exchanges that showed a deviation. A
// row that saw no response it applies to is skipped, never passed.
//
// Observations map to rows as follows (protocol/http1/observation.h):
//   HF-1  content-length-with-transfer-encoding
//   HF-2  invalid-, differing-, repeated-content-length
//   HF-3  chunked-applied-twice, framing-field-without-body; noted: chunked-not-final,
//         unknown-transfer-coding (allowed when the response is closed-delimited, §6.1)
//   HF-4  invalid-chunk-size, invalid-chunk-extension, chunk-data-not-followed-by-crlf
//   HF-5  unterminated-chunked-body, body-shorter-than-content-length (INFO: a server may
//         abort a response; the recipient then treats it as incomplete, §8)
//   HF-6  bare-lf, bare-cr, obs-fold, whitespace-before-colon, malformed-field-line,
//         invalid-field-value, malformed-start-line
#include "conformance/conformance_case.h"

#include <functional>
#include <string>
#include <vector>

namespace mcp::conformance {
namespace {

using mcp::http1::ObservationKind;
using Snapshot = FramingLedger::Snapshot;

struct FramingRow {
    const char* id;
    Level level;
    const char* requirement;
    const char* specRef;
    std::vector<ObservationKind> deviations;   // each one fails the row
    std::vector<ObservationKind> notes;        // reported, never failing
    std::function<std::size_t(const Snapshot&)> applicable;
    const char* applicableWhat;                // "responses with Transfer-Encoding"
};

const std::vector<FramingRow>& framingRows() {
    static const std::vector<FramingRow> rows = {
        {"HF-1", Level::Must, "A response never carries Content-Length together with Transfer-Encoding.",
         "RFC 9112 §6.2 (a sender MUST NOT), §6.3 item 3",
         {ObservationKind::ContentLengthWithTransferEncoding}, {},
         [](const Snapshot& s) { return s.withTransferEncoding; }, "responses with Transfer-Encoding"},
        {"HF-2", Level::Must,
         "Content-Length, when sent, is one decimal number: never negative, signed, non-numeric, a list, repeated, or differing.",
         "RFC 9110 §8.6 and §5.3; RFC 9112 §6.3 item 5",
         {ObservationKind::InvalidContentLength, ObservationKind::DifferingContentLengths, ObservationKind::RepeatedContentLength}, {},
         [](const Snapshot& s) { return s.withContentLength; }, "responses with Content-Length"},
        {"HF-3", Level::Must,
         "Transfer-Encoding applies chunked at most once, and neither Transfer-Encoding nor Content-Length is sent on a 1xx or 204 response.",
         "RFC 9112 §6.1 (MUST NOT chunk twice; MUST NOT send Transfer-Encoding on 1xx/204); RFC 9110 §8.6 (Content-Length on 1xx/204)",
         {ObservationKind::ChunkedAppliedTwice, ObservationKind::FramingFieldWithoutBody},
         {ObservationKind::ChunkedNotFinal, ObservationKind::UnknownTransferCoding},
         [](const Snapshot& s) { return s.withTransferEncoding + s.noContent; }, "responses with Transfer-Encoding or status 204"},
        {"HF-4", Level::Must,
         "A chunked body is well formed: hexadecimal chunk sizes, chunk extensions by the grammar, CRLF after each chunk's data.",
         "RFC 9112 §7.1, §7.1.1",
         {ObservationKind::InvalidChunkSize, ObservationKind::InvalidChunkExtension, ObservationKind::ChunkDataNotFollowedByCrlf}, {},
         [](const Snapshot& s) { return s.chunkedBodies; }, "chunked responses"},
        {"HF-5", Level::Info,
         "A response framed by Content-Length or chunked is complete before the connection closes (the last-chunk and final CRLF, or all Content-Length octets).",
         "RFC 9112 §6.3 items 4 and 6, §7.1, §8 (an incomplete message)",
         {ObservationKind::UnterminatedChunkedBody, ObservationKind::BodyShorterThanContentLength}, {},
         [](const Snapshot& s) { return s.framedBodiesReadToTheEnd; }, "framed responses read to their end"},
        {"HF-6", Level::Must,
         "The response head follows the message grammar: CRLF line ends, no bare CR, no obs-fold, no whitespace before a colon, token field names, no control characters in field values, a well-formed status line.",
         "RFC 9112 §2.2, §4, §5.1, §5.2; RFC 9110 §2.2 (a sender MUST NOT generate what the grammar does not match), §5.5",
         {ObservationKind::BareLf, ObservationKind::BareCr, ObservationKind::ObsFold, ObservationKind::WhitespaceBeforeColon,
          ObservationKind::MalformedFieldLine, ObservationKind::InvalidFieldValue, ObservationKind::MalformedStartLine},
         {},
         [](const Snapshot& s) { return s.responses; }, "responses"},
    };
    return rows;
}

// "content-length-with-transfer-encoding in 2 responses: A #1: ... (detail); B #3: ..."
std::string describeSeen(const Snapshot& seen, const std::vector<ObservationKind>& kinds) {
    std::string out;
    for (auto kind : kinds) {
        auto found = seen.kinds.find(kind);
        if (found == seen.kinds.end()) continue;
        if (!out.empty()) out += "; ";
        out += std::string(mcp::http1::describe(kind)) + ", in " + std::to_string(found->second.count) + " response(s): ";
        for (std::size_t i = 0; i < found->second.examples.size(); ++i)
            out += (i ? ", " : "") + found->second.examples[i];
        if (found->second.count > found->second.examples.size()) out += ", ...";
    }
    return out;
}

Outcome gradeFramingRow(const FramingRow& row, const FramingLedger* ledger) {
    if (!ledger) return Outcome::skip("run without a framing ledger: no response was recorded");
    auto seen = ledger->snapshot();
    std::string expected = row.requirement;
    std::string deviations = describeSeen(seen, row.deviations);
    std::string notes = describeSeen(seen, row.notes);
    std::size_t applicable = row.applicable(seen);
    if (!deviations.empty()) {
        auto out = row.level == Level::Must ? Outcome::fail(expected, deviations) : Outcome::warn(expected, deviations);
        out.note = notes;
        return out;
    }
    if (applicable == 0)
        return Outcome::skip(std::string("no ") + row.applicableWhat + " in this run (" + std::to_string(seen.responses) +
                             " responses read): nothing to judge" + (notes.empty() ? "" : "; noted: " + notes));
    auto out = Outcome::pass(expected, "none deviating among " + std::to_string(applicable) + " " + row.applicableWhat + " (" +
                                           std::to_string(seen.responses) + " responses read in the run)");
    out.note = notes;
    return out;
}

}  // namespace

void addHttpFramingCases(CaseCatalog& catalog) {
    for (const auto& row : framingRows()) {
        catalog.add({.id = row.id,
                     .level = row.level,
                     .revisions = kAllRevisions,
                     .transports = kBothTransports,
                     .requirement = row.requirement,
                     .specRef = row.specRef,
                     .run = [&row](CaseContext& ctx) { return gradeFramingRow(row, ctx.framing); },
                     .runsLast = true});
    }
}

}  // namespace mcp::conformance
