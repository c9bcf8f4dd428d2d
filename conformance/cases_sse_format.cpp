// SSE wire-format cases (EV-1 .. EV-9), judged on raw stream bytes with the WHATWG parser:
// the legacy GET stream, or the SSE answers of Streamable HTTP POSTs.
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include "protocol/json_rpc.h"

namespace mcp::conformance {
namespace {

const char* kSpec = "WHATWG HTML, server-sent events";

struct Observed {
    std::vector<SseCapture> streams;
    std::vector<HttpResponseHead> heads;
    std::string problem;   // could not observe any stream
};

// Collects SSE evidence: legacy -> the GET stream until its first event (bounded), then a
// session's traffic; Streamable HTTP -> a raw POST initialize answer plus a session's answers.
Observed observe(CaseContext& ctx) {
    Observed out;
    auto bounded = std::min(ctx.target.timeout, milliseconds(1500));
    if (ctx.legacy()) {
        auto request = ctx.newRequest("GET");
        request.headers.push_back({"Accept", "text/event-stream"});
        auto opened = ctx.http.open(request, ctx.target.timeout);
        if (!opened.stream) {
            out.problem = opened.error;
            return out;
        }
        out.heads.push_back(opened.stream->head());
        SseCapture capture;
        mcp::SseParser parser;
        readSse(*opened.stream, parser, capture, Clock::now() + bounded, [](const mcp::SseEvent&) { return true; });
        if (capture.events.empty()) capture.pendingAtEnd = parser.hasPendingEvent();
        out.streams.push_back(capture);
        auto session = ctx.open();
        if (session.session) {
            session.session->request("ping");
            if (auto call = knownGoodCall(ctx)) callFixtureTool(*session.session, *call);
            out.streams.push_back(session.session->standingStream);
            out.heads.push_back(session.session->streamHead);
        }
        return out;
    }
    auto request = ctx.newRequest("POST");
    request.headers.push_back({"Content-Type", "application/json"});
    request.headers.push_back({"Accept", "application/json, text/event-stream"});
    request.body = initializeBody(1, ctx.revisionString());
    auto opened = ctx.http.open(request, ctx.target.timeout);
    if (!opened.stream) {
        out.problem = opened.error;
        return out;
    }
    if (mediaType(opened.stream->head().headers.get("Content-Type").value_or("")) == "text/event-stream") {
        out.heads.push_back(opened.stream->head());
        SseCapture capture;
        mcp::SseParser parser;
        readSse(*opened.stream, parser, capture, Clock::now() + bounded, {});
        out.streams.push_back(capture);
    }
    auto session = ctx.open();
    if (session.session) {
        auto call = knownGoodCall(ctx);
        std::vector<RpcReply> replies{session.session->request("ping"),
                                      call ? callFixtureTool(*session.session, *call) : session.session->request("tools/list"),
                                      session.session->send(sseProvokingBody(ctx, "\"ev\""))};
        // The official suite's reconnection fixture ends its stream with a retry field before the
        // result (SEP-1699 polling): the one stream where EV-6 has a retry value to judge. The
        // result follows only on a resumed stream, so this reply ends with the stream.
        if (ctx.facts.hasTool("test_reconnection"))
            replies.push_back(session.session->send(requestBody("\"ev-retry\"", "tools/call", R"({"name":"test_reconnection","arguments":{}})")));
        for (const auto& reply : replies)
            if (reply.sse) {
                out.streams.push_back(*reply.sse);
                out.heads.push_back({reply.httpStatus, "", reply.headers});
            }
    }
    if (out.streams.empty()) out.problem = "the server answers POSTs with JSON, not SSE";
    return out;
}

// Lines of a raw stream, split at CRLF, LF or CR.
std::vector<std::string> rawLines(const std::string& raw) {
    std::vector<std::string> lines;
    std::string line;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\r' || c == '\n') {
            lines.push_back(line);
            line.clear();
            if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        } else {
            line += c;
        }
    }
    return lines;
}

}  // namespace

void addSseFormatCases(CaseCatalog& catalog) {
    catalog.add({"EV-1", Level::Must, kAllRevisions, kBothTransports,
                 "The stream is UTF-8 (lines end in CRLF, LF or CR).", kSpec, [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.streams.empty()) return Outcome::skip(seen.problem);
                     std::size_t bytes = 0;
                     for (const auto& s : seen.streams) {
                         bytes += s.raw.size();
                         if (s.raw.size() < SseCapture::kMaxRaw && !mcp::isValidUtf8(s.raw))
                             return Outcome::fail("UTF-8 stream bytes", "invalid UTF-8 in " + excerpt(sanitizeUtf8(s.raw), 200));
                     }
                     if (!bytes) return Outcome::inconclusive("UTF-8 stream bytes", "the observed streams carried no bytes");
                     return Outcome::pass("UTF-8 stream bytes", std::to_string(seen.streams.size()) + " streams, " + std::to_string(bytes) + " bytes");
                 }});

    catalog.add({"EV-2", Level::Must, kAllRevisions, kBothTransports,
                 "Events are field lines ended by a blank line; nothing is left unterminated.", kSpec, [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.streams.empty()) return Outcome::skip(seen.problem);
                     // A stream still open may be in the middle of an event: only a stream that ended inside
                     // one shows an unterminated event (no verdict from a short window). Every dispatched
                     // event was ended by a blank line.
                     std::size_t events = 0;
                     for (const auto& s : seen.streams) {
                         events += s.events.size();
                         if (s.ended && s.pendingAtEnd)
                             return Outcome::fail("every event ends with a blank line",
                                                  "the stream ended inside an unterminated event: " + excerpt(sanitizeUtf8(s.raw), 200));
                     }
                     if (!events) return Outcome::inconclusive("every event ends with a blank line", "no event was completed on the observed streams");
                     return Outcome::pass("every event ends with a blank line", std::to_string(events) + " events on " + std::to_string(seen.streams.size()) + " streams");
                 }});

    catalog.add({"EV-3", Level::Must, kAllRevisions, kBothTransports,
                 "Each event's data holds exactly one JSON-RPC message (except an empty priming event).", kSpec,
                 [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.streams.empty()) return Outcome::skip(seen.problem);
                     std::size_t n = 0;
                     for (const auto& s : seen.streams)
                         for (const auto& e : s.events) {
                             // Server messages travel in `message` events (legacy) or unnamed ones (Streamable HTTP,
                             // where the type defaults to message); clients ignore other event types.
                             if (e.data.empty() || e.type != "message") continue;
                             ++n;
                             auto decoded = mcp::decodeJsonRpcBody(e.data);
                             bool batchOk = decoded.isBatch && ctx.revision == mcp::Revision::V2025_03_26;
                             if (decoded.parseError || (decoded.isBatch && !batchOk) || decoded.items.empty())
                                 return Outcome::fail("one JSON-RPC message per data", excerpt(e.data, 200));
                             for (const auto& item : decoded.items)
                                 if (!item.message) return Outcome::fail("a valid JSON-RPC message", excerpt(e.data, 200));
                         }
                     if (!n) return Outcome::inconclusive("one JSON-RPC message per data", "no message event with data was observed");
                     return Outcome::pass("one JSON-RPC message per data", std::to_string(n) + " events");
                 }});

    catalog.add({"EV-4", Level::Must, kAllRevisions, kBothTransports,
                 "Legacy event types are endpoint (first) and message; Streamable HTTP uses none or message.", kSpec,
                 [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.streams.empty()) return Outcome::skip(seen.problem);
                     // Legacy (2024-11-05): "Server messages are sent as SSE message events": a JSON-RPC
                     // message in an event of another type is never read by a client. Other types without a
                     // message, and any type on Streamable HTTP (which names none), are recorded only.
                     std::string others;
                     std::size_t events = 0;
                     for (const auto& s : seen.streams)
                         for (const auto& e : s.events) {
                             ++events;
                             if (e.type == "message" || e.type == "endpoint") continue;
                             if (ctx.legacy() && !mcp::decodeJsonRpcBody(e.data).parseError)
                                 return Outcome::fail("server messages in message events", "a JSON-RPC message in an event of type `" + e.type + "`: " + excerpt(e.data, 150));
                             others += " " + e.type;
                         }
                     if (!events) return Outcome::inconclusive("message (and endpoint first on legacy)", "no event was observed");
                     if (!others.empty()) return Outcome::pass("message (and endpoint first on legacy)", "INFO: other types:" + others);
                     return Outcome::pass("message (and endpoint first on legacy)", "only known types");
                 }});

    // WHATWG: a client ignores an id field whose value contains NUL; the event stream grammar
    // (any-char) allows it, so no MUST forbids it: SHOULD (resumption needs a usable id).
    catalog.add({"EV-5", Level::Should, kFrom2025_03, kBothTransports,
                 "An id value contains no NUL, CR or LF.", kSpec, [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.streams.empty()) return Outcome::skip(seen.problem);
                     std::size_t ids = 0;
                     for (const auto& s : seen.streams)
                         for (const auto& line : rawLines(s.raw)) {
                             if (line.rfind("id", 0) != 0 || (line.size() != 2 && line[2] != ':')) continue;
                             ++ids;
                             if (line.find('\0') != std::string::npos) return Outcome::fail("ids without NUL", "an id line contains NUL");
                         }
                     if (!ids) return Outcome::inconclusive("ids without NUL", "no id field in the observed streams");
                     return Outcome::pass("ids without NUL", std::to_string(ids) + " id lines");
                 }});

    // WHATWG: a retry value that is not ASCII digits is ignored; no MUST forbids it. MCP 2025-11-25
    // says the server SHOULD send a standard retry field before closing the connection: SHOULD.
    catalog.add({"EV-6", Level::Should, kOnly2025_11, kBothTransports,
                 "A retry value is ASCII digits only.", kSpec, [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.streams.empty()) return Outcome::skip(seen.problem);
                     std::size_t n = 0;
                     for (const auto& s : seen.streams)
                         for (const auto& line : rawLines(s.raw)) {
                             if (line.rfind("retry:", 0) != 0) continue;
                             ++n;
                             auto value = line.substr(6);
                             if (!value.empty() && value[0] == ' ') value.erase(0, 1);
                             if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
                                 return Outcome::fail("retry: digits only", line);
                         }
                     if (!n) return Outcome::inconclusive("retry: digits only", "no retry field in the observed streams");
                     return Outcome::pass("retry: digits only", std::to_string(n) + " retry lines");
                 }});

    catalog.add({"EV-7", Level::Info, kOnly2025_11, kBothTransports,
                 "An empty data line still produces an event; the harness skips it instead of parsing JSON.", kSpec,
                 [](CaseContext&) { return Outcome::info("harness behaviour", "empty-data events are skipped by the client"); }});

    catalog.add({"EV-8", Level::Interop, kAllRevisions, kBothTransports,
                 "SSE answers carry Cache-Control: no-cache and are not compressed.", kSpec, [](CaseContext& ctx) {
                     auto seen = observe(ctx);
                     if (seen.heads.empty()) return Outcome::skip(seen.problem);
                     for (const auto& h : seen.heads) {
                         auto cc = h.headers.get("Cache-Control").value_or("");
                         if (cc.find("no-cache") == std::string::npos && cc.find("no-store") == std::string::npos)
                             return Outcome::fail("Cache-Control: no-cache", cc.empty() ? "absent" : std::string(cc));
                         if (h.headers.get("Content-Encoding")) return Outcome::fail("no compression", std::string(*h.headers.get("Content-Encoding")));
                     }
                     return Outcome::pass("Cache-Control: no-cache, uncompressed", std::to_string(seen.heads.size()) + " answers");
                 }});
}

}  // namespace mcp::conformance
