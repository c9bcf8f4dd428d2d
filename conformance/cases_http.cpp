// HTTP/1.1 header-rule cases (H-1 .. H-11), sent as exact bytes over a raw socket. The probe
// is a POST with a JSON-RPC body: initialize to $MCP, or ping to a fresh legacy endpoint.
#include "conformance/case_helpers.h"

#include "protocol/bearer.h"

namespace mcp::conformance {
namespace {

const char* kSpec = "RFC 9110 / RFC 9112 (RFC 7230)";

struct Probe {
    std::string target;                // path?query of the POST
    std::string body;
    std::optional<std::string> auth;   // Authorization value to use
    std::unique_ptr<ClientSession> session;   // legacy: keeps the GET stream (and so the endpoint) open
    std::string error;
};

Probe makeProbe(CaseContext& ctx) {
    Probe p;
    p.auth = ctx.target.authorization;
    if (ctx.legacy()) {
        auto opened = ctx.open({.initialize = false});
        if (!opened.session) {
            p.error = opened.error;
            return p;
        }
        p.target = opened.session->endpointTarget;
        p.body = requestBody("\"h\"", "ping");
        p.session = std::move(opened.session);   // the endpoint lives while its stream is open
    } else {
        p.target = ctx.target.pathAndQuery();
        p.body = initializeBody(1, ctx.revisionString());
    }
    return p;
}

// Request head with these header lines (already "Name: value"), Host first unless told otherwise.
std::string head(CaseContext& ctx, const Probe& p, const std::vector<std::string>& lines, bool host = true, bool contentLength = true,
                 const std::string& target = "") {
    std::string out = "POST " + (target.empty() ? p.target : target) + " HTTP/1.1\r\n";
    if (host) out += "Host: " + ctx.target.origin.hostHeader() + "\r\n";
    for (const auto& h : ctx.target.extraHeaders) out += h.name + ": " + h.value + "\r\n";
    out += "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n";
    for (const auto& l : lines) out += l + "\r\n";
    if (contentLength) out += "Content-Length: " + std::to_string(p.body.size()) + "\r\n";
    return out + "\r\n";
}

HttpResult send(CaseContext& ctx, const std::string& rawHead, const std::string& body) {
    OutgoingRequest request;
    request.rawHead = rawHead;
    request.body = body;
    HttpResult out;
    auto opened = ctx.http.open(request, ctx.target.timeout);   // "no answer" only after the full --timeout
    if (!opened.stream) {
        out.error = opened.error;
        out.timedOut = opened.timedOut;
        return out;
    }
    out.ok = true;
    out.head = opened.stream->head();
    if (mediaType(out.header("Content-Type").value_or("")) == "text/event-stream") return out;
    auto deadline = Clock::now() + milliseconds(1000);
    while (out.body.size() < 16384 && opened.stream->read(out.body, remaining(deadline)) == ReadStatus::Data) {
    }
    return out;
}

std::string authLine(const Probe& p) { return "Authorization: " + p.auth.value_or("Bearer h-probe-token"); }
std::string credential(const Probe& p) {
    auto parsed = mcp::parseBearerCredentials(p.auth.value_or("Bearer h-probe-token"));
    return parsed.ok() ? parsed.token : "h-probe-token";
}

Outcome expectStatus(const HttpResult& r, std::initializer_list<int> allowed, const std::string& expected) {
    for (int s : allowed)
        if (r.status() == s) return Outcome::pass(expected, describeHttp(r));
    return Outcome::fail(expected, describeHttp(r));
}

// The Authorization vectors judge how the server reads credentials: on a server that ignores
// them, a 2xx says nothing.
std::optional<Outcome> authNotRequired(CaseContext& ctx) {
    if (ctx.facts.authRequired) return std::nullopt;
    return Outcome::skip("the server answers requests without credentials, so how it reads Authorization cannot be observed; AU-2 reports it");
}

struct Vector {
    std::string suffix;
    Level level;
    std::string requirement;
    std::function<Outcome(CaseContext&, const Probe&)> check;
};

}  // namespace

void addHttpCases(CaseCatalog& catalog) {
    const std::vector<Vector> vectors = {
        {"H-1", Level::Must, "Whitespace between a field name and its colon gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {"Authorization : " + p.auth.value_or("Bearer x")}), p.body), {400}, "\"Authorization :\" -> 400");
         }},
        {"H-2", Level::Must, "obs-fold is rejected with 400 or replaced by SP before the value is read.",
         [](CaseContext& ctx, const Probe& p) {
             auto r = send(ctx, head(ctx, p, {"Authorization: Bearer", " " + credential(p)}), p.body);
             if (r.status() == 400 || is2xx(r.status())) return Outcome::pass("400, or treated as \"Bearer <token>\"", describeHttp(r));
             return Outcome::fail("400, or treated as \"Bearer <token>\"", describeHttp(r));
         }},
        // H-3: RFC 9110 §5.3 forbids a sender to repeat Authorization; no RFC gives the recipient
        // a MUST (digest B-5), so accepting duplicates is a SHOULD miss (warning), in every order.
        {"H-3.valid-then-invalid", Level::Should, "Two differing Authorization lines are refused (400 preferred, 401 accepted).",
         [](CaseContext& ctx, const Probe& p) {
             if (auto skip = authNotRequired(ctx)) return *skip;
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), "Authorization: Bearer tok\"en"}), p.body), {400, 401}, "two Authorization lines -> 400/401");
         }},
        {"H-3.invalid-then-valid", Level::Should, "Two differing Authorization lines are refused (400 preferred, 401 accepted).",
         [](CaseContext& ctx, const Probe& p) {
             if (auto skip = authNotRequired(ctx)) return *skip;
             return expectStatus(send(ctx, head(ctx, p, {"Authorization: Bearer tok\"en", authLine(p)}), p.body), {400, 401}, "two Authorization lines -> 400/401");
         }},
        {"H-3.identical", Level::Should, "Two identical Authorization lines are refused (400 preferred).",
         [](CaseContext& ctx, const Probe& p) {
             if (auto skip = authNotRequired(ctx)) return *skip;
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), authLine(p)}), p.body), {400, 401}, "two identical Authorization lines -> 400/401");
         }},
        {"H-4.no-host", Level::Must, "An HTTP/1.1 request without Host gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {authLine(p)}, false), p.body), {400}, "no Host -> 400");
         }},
        {"H-4.two-hosts", Level::Must, "An HTTP/1.1 request with two Host fields gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {"Host: " + ctx.target.origin.hostHeader(), authLine(p)}), p.body), {400}, "two Host fields -> 400");
         }},
        {"H-4.invalid-host", Level::Must, "An invalid Host gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {"Host: exa mple/x", authLine(p)}, false), p.body), {400}, "Host: exa mple/x -> 400");
         }},
        {"H-5.16k", Level::Must, "A 16 KiB Authorization gets 431/400/401 or is served whole; never a crash or hang.",
         [](CaseContext& ctx, const Probe& p) {
             auto r = send(ctx, head(ctx, p, {"Authorization: Bearer " + std::string(16 * 1024, 'a')}), p.body);
             if (r.ok && r.status() < 500) return Outcome::pass("4xx (431 preferred) or served", describeHttp(r));
             return Outcome::fail("4xx (431 preferred) or served", describeHttp(r));
         }},
        // RFC 9110 §5.4: a field "larger than it wishes to process MUST" get a 4xx; a server that
        // processes it is also right.
        {"H-5.1m", Level::Must, "A 1 MiB Authorization gets a 4xx (431 preferred) or is served; never a crash or hang.",
         [](CaseContext& ctx, const Probe& p) {
             auto r = send(ctx, head(ctx, p, {"Authorization: Bearer " + std::string(1 << 20, 'a')}), p.body);
             if (r.ok && r.status() < 500) return Outcome::pass("4xx (431 preferred) or served", describeHttp(r));
             return Outcome::fail("4xx (431 preferred) or served", describeHttp(r));
         }},
        {"H-5.100k-block", Level::Must, "A 100 KiB header block gets 431/400, never a crash or hang.",
         [](CaseContext& ctx, const Probe& p) {
             std::vector<std::string> lines = {authLine(p)};
             for (int i = 0; i < 100; ++i) lines.push_back("X-Pad-" + std::to_string(i) + ": " + std::string(1024, 'p'));
             auto r = send(ctx, head(ctx, p, lines), p.body);
             if (r.ok && r.status() < 500) return Outcome::pass("4xx (431 preferred) or served", describeHttp(r));
             return Outcome::fail("4xx (431 preferred) or served", describeHttp(r));
         }},
        {"H-6", Level::Must, "A 64 KiB request-target gets 414 or is served; never a crash or hang.",
         [](CaseContext& ctx, const Probe& p) {
             auto target = p.target + (p.target.find('?') == std::string::npos ? "?" : "&") + "pad=" + std::string(64 * 1024, 'p');
             auto r = send(ctx, head(ctx, p, {authLine(p)}, true, true, target), p.body);
             if (r.ok && r.status() < 500) return Outcome::pass("414 or served", describeHttp(r));
             return Outcome::fail("414 or served", describeHttp(r));
         }},
        // RFC 9110 §5.5: a recipient of NUL in a field value "MUST either reject the message or replace
        // each of those characters with SP". Replaced, the value is "<token> X": a server that refuses
        // that value but serves the NUL one did neither.
        {"H-7", Level::Must, "NUL inside a field value is rejected or read as SP, never dropped so that the token is accepted.",
         [](CaseContext& ctx, const Probe& p) {
             if (auto skip = authNotRequired(ctx)) return *skip;
             std::string expected = "NUL in Authorization -> rejected, or read as SP";
             auto r = send(ctx, head(ctx, p, {authLine(p) + std::string(1, '\0') + "X"}), p.body);
             if (is4xx(r.status())) return Outcome::pass(expected, describeHttp(r));
             if (!r.ok) return Outcome::inconclusive(expected, "no answer: " + describeHttp(r));
             if (!is2xx(r.status())) return Outcome::fail(expected, describeHttp(r));
             auto asSpace = send(ctx, head(ctx, p, {authLine(p) + " X"}), p.body);
             if (is2xx(asSpace.status()))
                 return Outcome::inconclusive(expected, "served, and so is the value with SP in place of NUL (AB-5 judges that): " + describeHttp(r));
             return Outcome::fail(expected, "served with NUL (" + describeHttp(r) + "), refused with SP in its place (" + describeHttp(asSpace) + ")");
         }},
        {"H-8.lowercase", Level::Must, "Field names are case-insensitive: \"authorization\" is honoured.",
         [](CaseContext& ctx, const Probe& p) {
             if (auto skip = authNotRequired(ctx)) return *skip;
             if (!p.auth) return Outcome::skip("no credentials given");
             return expectStatus(send(ctx, head(ctx, p, {"authorization: " + *p.auth}), p.body), {200, 202}, "authorization: ... -> served");
         }},
        {"H-8.uppercase", Level::Must, "Field names are case-insensitive: \"AUTHORIZATION\" is honoured.",
         [](CaseContext& ctx, const Probe& p) {
             if (auto skip = authNotRequired(ctx)) return *skip;
             if (!p.auth) return Outcome::skip("no credentials given");
             return expectStatus(send(ctx, head(ctx, p, {"AUTHORIZATION: " + *p.auth}), p.body), {200, 202}, "AUTHORIZATION: ... -> served");
         }},
        {"H-9.two-lengths", Level::Must, "Differing Content-Length values get 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), "Content-Length: " + std::to_string(p.body.size() + 5)}), p.body), {400},
                                 "two Content-Length values -> 400");
         }},
        {"H-9.invalid-length", Level::Must, "An invalid Content-Length gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), "Content-Length: 12abc"}, true, false), p.body), {400}, "Content-Length: 12abc -> 400");
         }},
        {"H-10.te-and-cl", Level::Must, "With Transfer-Encoding and Content-Length, chunked wins or the request is rejected.",
         [](CaseContext& ctx, const Probe& p) {
             char size[32];
             std::snprintf(size, sizeof size, "%zx", p.body.size());
             std::string chunked = std::string(size) + "\r\n" + p.body + "\r\n0\r\n\r\n";
             // RFC 9112 §6.1: a server MAY reject the request or process it by Transfer-Encoding alone.
             // Content-Length claims more than is sent, so a server that reads by it waits for bytes
             // that never come (no answer within --timeout), while rejecting and chunked reading answer.
             auto length = "Content-Length: " + std::to_string(chunked.size() + 64);
             auto r = send(ctx, head(ctx, p, {authLine(p), "Transfer-Encoding: chunked", length}, true, false), chunked);
             std::string expected = "chunked body read, or the request rejected";
             if (is4xx(r.status()) || is2xx(r.status())) return Outcome::pass(expected, describeHttp(r));
             return Outcome::fail(expected, r.ok ? describeHttp(r) : "no answer within --timeout: the server waited for Content-Length bytes (" + describeHttp(r) + ")");
         }},
        {"H-10.unknown-coding", Level::Must, "An unknown transfer coding gets 501.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), "Transfer-Encoding: gzip2"}, true, false), p.body), {501, 400},
                                 "Transfer-Encoding: gzip2 -> 501 (400 tolerated)");
         }},
        {"H-11.space-in-name", Level::Should, "A field name that is not a token gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), "Author ization: x"}), p.body), {400}, "\"Author ization: x\" -> 400");
         }},
        {"H-11.control-in-name", Level::Should, "A field name with a control byte gets 400.",
         [](CaseContext& ctx, const Probe& p) {
             return expectStatus(send(ctx, head(ctx, p, {authLine(p), std::string("Auth\x01: x")}), p.body), {400}, "\"Auth\\x01: x\" -> 400");
         }},
    };
    for (const auto& v : vectors) {
        catalog.add({v.suffix, v.level, kAllRevisions, kBothTransports, v.requirement, kSpec, [v](CaseContext& ctx) {
                         auto probe = makeProbe(ctx);
                         if (!probe.error.empty()) return prerequisiteFailed("a legacy endpoint to POST to", probe.error, "T-SSE-1");
                         if (probe.auth) ctx.secret(credential(probe));
                         return v.check(ctx, probe);
                     }});
    }
}

}  // namespace mcp::conformance
