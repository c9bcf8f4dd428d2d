// Streamable HTTP transport cases (T-SH-*): endpoint, POST/GET semantics, sessions,
// protocol-version header, resumability and HTTP method rules.
#include "conformance/case_helpers.h"

#include <algorithm>
#include <random>
#include <set>

namespace mcp::conformance {
namespace {

const char* kSpec = "basic/transports (Streamable HTTP)";

// Sends a request and reads its answer; an SSE answer is left after the head (streams can be endless).
HttpResult exchange(CaseContext& ctx, const OutgoingRequest& request, milliseconds timeout = milliseconds(2000)) {
    HttpResult out;
    auto opened = ctx.http.open(request, std::min(ctx.target.timeout, timeout));
    if (!opened.stream) {
        out.error = opened.error;
        out.connectFailed = opened.connectFailed;
        out.timedOut = opened.timedOut;
        return out;
    }
    out.ok = true;
    out.head = opened.stream->head();
    if (mediaType(out.header("Content-Type").value_or("")) == "text/event-stream") return out;
    auto deadline = Clock::now() + std::min(ctx.target.timeout, timeout);
    while (out.body.size() < 65536) {
        auto status = opened.stream->read(out.body, remaining(deadline));
        if (status == ReadStatus::End) out.complete = true;
        if (status == ReadStatus::Timeout) out.timedOut = true;
        if (status != ReadStatus::Data) break;
    }
    return out;
}

// A request carrying the session's headers (auth, session id, protocol version), edited.
OutgoingRequest sessionRequest(CaseContext& ctx, ClientSession& s, const std::string& method,
                           const std::function<void(HttpHeaders&)>& edit = {}) {
    auto request = ctx.newRequest(method, std::nullopt, false);
    request.headers = s.sessionHeaders();
    if (method == "GET") request.headers.push_back({"Accept", "text/event-stream"});
    if (method == "POST") {
        request.headers.push_back({"Content-Type", "application/json"});
        request.headers.push_back({"Accept", "application/json, text/event-stream"});
        request.body = requestBody("\"tsh\"", "ping");
    }
    if (edit) edit(request.headers);
    return request;
}

OutgoingRequest initializeRequest(CaseContext& ctx, const std::function<void(HttpHeaders&)>& edit = {}) {
    auto request = ctx.newRequest("POST");
    request.headers.push_back({"Content-Type", "application/json"});
    request.headers.push_back({"Accept", "application/json, text/event-stream"});
    request.body = initializeBody(1, ctx.revisionString());
    if (edit) edit(request.headers);
    return request;
}

std::string statusOf(const HttpResult& r) { return r.ok ? std::to_string(r.status()) : "no answer (" + r.error + ")"; }

// Reads one POST's SSE answer completely, noting when the response arrived and when it ended.
struct StreamRun {
    RpcReply reply;
    SseCapture capture;
    double responseAtMs = -1, endAtMs = -1;
};

StreamRun postAndWatch(CaseContext& ctx, ClientSession& s, const std::string& idJson, milliseconds linger) {
    StreamRun run;
    auto request = sessionRequest(ctx, s, "POST");
    request.body = sseProvokingBody(ctx, idJson);
    auto start = Clock::now();
    auto opened = ctx.http.open(request, ctx.target.timeout);
    if (!opened.stream) {
        run.reply.error = opened.error;
        return run;
    }
    run.reply.httpStatus = opened.stream->head().status;
    run.reply.contentType = mediaType(opened.stream->head().headers.get("Content-Type").value_or(""));
    if (run.reply.contentType != "text/event-stream") return run;
    mcp::SseParser parser;
    auto ms = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };
    auto status = readSse(*opened.stream, parser, run.capture, Clock::now() + ctx.target.timeout, [&](const mcp::SseEvent& e) {
        if (e.data.find(idJson) != std::string::npos && run.responseAtMs < 0) {
            run.responseAtMs = ms();
            return true;
        }
        return false;
    });
    if (run.responseAtMs >= 0 && status == ReadStatus::Data) {
        status = readSse(*opened.stream, parser, run.capture, Clock::now() + linger, {});
    }
    if (status == ReadStatus::End) run.endAtMs = ms();
    return run;
}

struct VersionVector {
    std::string suffix;
    std::vector<std::string> values;   // several: one header line each
};

// T-SH-30/31/32: POST a request answered with SSE, drop the stream, GET with the last event id
// before the response: the response must be replayed, and (withOtherStream) nothing of a
// second POST stream of the same session may appear.
Outcome resumeAndCheck(CaseContext& ctx, bool withOtherStream) {
    auto opened = ctx.open();
    if (!opened.session) return noSession(ctx, opened);
    auto request = sessionRequest(ctx, *opened.session, "POST");
    request.body = sseProvokingBody(ctx, "\"resume-me\"");
    auto post = ctx.http.open(request, ctx.target.timeout);
    if (!post.stream || mediaType(post.stream->head().headers.get("Content-Type").value_or("")) != "text/event-stream")
        return Outcome::skip("the server answers with JSON: nothing to resume");
    mcp::SseParser parser;
    SseCapture capture;
    std::optional<mcp::SseEvent> last;
    bool sawResponse = false;
    readSse(*post.stream, parser, capture, Clock::now() + ctx.target.timeout, [&](const mcp::SseEvent& e) {
        if (e.data.find("resume-me") != std::string::npos) return sawResponse = true;
        if (e.idField && !sawResponse) last = e;
        return false;
    });
    if (!last) return Outcome::skip("no event id before the response: resumption not offered");
    post.stream.reset();   // drop the POST stream as if the connection broke
    std::set<std::string> otherIds;
    if (withOtherStream) {
        auto reply = opened.session->send(sseProvokingBody(ctx, "\"other-stream\""));
        if (reply.sse)
            for (const auto& e : reply.sse->events)
                if (e.idField) otherIds.insert(*e.idField);
    }
    auto get = sessionRequest(ctx, *opened.session, "GET", [&](HttpHeaders& h) { h.push_back({"Last-Event-ID", *last->idField}); });
    auto resumed = ctx.http.open(get, ctx.target.timeout);
    if (!resumed.stream) return Outcome::fail("GET Last-Event-ID -> the rest of the stream", resumed.error);
    // T-SH-30: the replay ends at the resumed stream's own response (a positive fence). T-SH-31: a
    // server may replay the other stream's messages after that response, so the resumed stream is
    // read until it ends or the full --timeout passes (no verdict from a short window).
    mcp::SseParser p2;
    SseCapture c2;
    bool found = false;
    readSse(*resumed.stream, p2, c2, Clock::now() + ctx.target.timeout, [&](const mcp::SseEvent& e) {
        found = found || e.data.find("resume-me") != std::string::npos;
        return found && !withOtherStream;
    });
    if (withOtherStream) {
        // "MUST NOT replay messages that would have been delivered on a different stream": a JSON-RPC
        // message of the other stream, not a priming marker (which carries no message).
        for (const auto& e : c2.events) {
            bool message = false;
            for (const auto& m : parseMessages(e.data, "get-sse")) message = message || m.isResponse() || m.isRequest() || m.isNotification();
            if (message && ((e.idField && otherIds.count(*e.idField)) || e.data.find("other-stream") != std::string::npos))
                return Outcome::fail("no message of another stream is replayed", "replayed: id " + e.idField.value_or("") + " " + excerpt(e.data, 120));
        }
        if (!found)
            return Outcome::inconclusive("no message of another stream is replayed",
                                         "the resumed stream did not deliver its own response (T-SH-30 judges that), so nothing shows a replay happened");
        return Outcome::pass("no message of another stream is replayed",
                             std::to_string(c2.events.size()) + " events on the resumed stream within --timeout, none a message of the other stream");
    }
    if (!found)
        return Outcome::fail("the response replayed on the resumed stream",
                             "HTTP " + std::to_string(resumed.stream->head().status) + ", " + std::to_string(c2.events.size()) + " events, no response");
    return Outcome::pass("the response replayed on the resumed stream", "resumed after id " + *last->idField);
}

}  // namespace

namespace {

// 6.1 Endpoint and security
void addEndpointCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-1", Level::Must, kFrom2025_03, kStreamable,
                 "One endpoint path handles POST and GET (GET: SSE or 405, never 404).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     // "a single HTTP endpoint path ... that supports both POST and GET methods": the GET may be
                     // refused with 405 (no SSE stream offered), never be an unknown path. What else a GET
                     // may answer is T-SH-21's to judge.
                     auto get = exchange(ctx, sessionRequest(ctx, *opened.session, "GET"), ctx.target.timeout);
                     std::string expected = "POST initialize OK, GET $MCP not 404";
                     if (!get.ok) return Outcome::inconclusive(expected, "the GET got no answer within --timeout: " + describeHttp(get));
                     if (get.status() == 404) return Outcome::fail(expected, describeHttp(get));
                     return Outcome::pass(expected, "GET " + statusOf(get));
                 }});

    catalog.add({"T-SH-2", Level::Must, kFrom2025_03, kStreamable,
                 "Origin is validated: a foreign Origin gets 403 (any 4xx before 2025-11-25); no Origin is fine.", kSpec,
                 [](CaseContext& ctx) {
                     // The same initialize without an Origin is the baseline: when it fails, LC-1 reports why.
                     auto plain = exchange(ctx, initializeRequest(ctx));
                     if (!is2xx(plain.status())) return prerequisiteFailed("an initialize without Origin", describeHttp(plain));
                     auto evil = exchange(ctx, initializeRequest(ctx, [](HttpHeaders& h) { h.push_back({"Origin", "http://evil.example"}); }));
                     bool strict = ctx.revision == mcp::Revision::V2025_11_25;
                     std::string expected = std::string("Origin: http://evil.example -> ") + (strict ? "403" : "4xx");
                     if (!evil.ok) return Outcome::inconclusive(expected, "no answer: " + describeHttp(evil));
                     if (strict ? evil.status() != 403 : !is4xx(evil.status())) return Outcome::fail(expected, describeHttp(evil));
                     return Outcome::pass(expected, "foreign " + statusOf(evil) + ", none " + statusOf(plain));
                 }});

    catalog.add({"T-SH-2.null-origin", Level::Should, kFrom2025_03, kStreamable,
                 "Origin: null is rejected (derived).", kSpec, [](CaseContext& ctx) {
                     auto r = exchange(ctx, initializeRequest(ctx, [](HttpHeaders& h) { h.push_back({"Origin", "null"}); }));
                     if (is4xx(r.status())) return Outcome::pass("Origin: null -> 4xx", describeHttp(r));
                     return Outcome::fail("Origin: null -> 4xx", describeHttp(r));
                 }});

    catalog.add({"T-SH-3", Level::Should, kFrom2025_03, kStreamable,
                 "A localhost server checks Host against DNS rebinding.", kSpec, [](CaseContext& ctx) {
                     if (ctx.target.origin.host != "127.0.0.1" && ctx.target.origin.host != "localhost" && ctx.target.origin.host != "::1")
                         return Outcome::skip("the target is not on localhost");
                     auto r = exchange(ctx, initializeRequest(ctx, [&](HttpHeaders& h) {
                         h.push_back({"Host", "evil.example:" + std::to_string(ctx.target.origin.port)});
                     }));
                     if (is4xx(r.status())) return Outcome::pass("Host: evil.example -> 4xx", describeHttp(r));
                     return Outcome::fail("Host: evil.example -> 4xx", describeHttp(r));
                 }});

    catalog.add({"T-SH-5", Level::Should, kFrom2025_03, kStreamable,
                 "All connections are authenticated.", kSpec, [](CaseContext& ctx) {
                     if (!ctx.facts.authRequired) return Outcome::skip("the server answers requests without credentials (AU-2 reports it)");
                     auto r = exchange(ctx, initializeRequest(ctx, [](HttpHeaders& h) { h.remove("Authorization"); }));
                     if (r.status() == 401) return Outcome::pass("no token -> 401", describeHttp(r));
                     return Outcome::fail("no token -> 401", describeHttp(r));
                 }});
}

// 6.2 Sending messages: POST
void addPostCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-6", Level::Interop, kFrom2025_03, kStreamable,
                 "A POST whose Accept lacks text/event-stream gets 406.", kSpec, [](CaseContext& ctx) {
                     auto r = exchange(ctx, initializeRequest(ctx, [](HttpHeaders& h) { h.set("Accept", "application/json"); }));
                     if (r.status() == 406) return Outcome::pass("Accept: application/json -> 406", describeHttp(r));
                     return Outcome::fail("Accept: application/json -> 406", describeHttp(r));
                 }});

    catalog.add({"T-SH-7", Level::Interop, kFrom2025_03, kStreamable,
                 "A Content-Type other than application/json gets 415.", kSpec, [](CaseContext& ctx) {
                     auto r = exchange(ctx, initializeRequest(ctx, [](HttpHeaders& h) { h.set("Content-Type", "text/plain"); }));
                     if (r.status() == 415) return Outcome::pass("Content-Type: text/plain -> 415", describeHttp(r));
                     return Outcome::fail("Content-Type: text/plain -> 415", describeHttp(r));
                 }});

    // "The body of the POST request MUST be a single JSON-RPC request, notification, or response"
    // binds the client (digest: MUST (client)); how the server answers a request is T-SH-11's.
    catalog.add({"T-SH-8", Level::Info, kFrom2025_03, kStreamable,
                 "The client POSTs one JSON-RPC message per request (a client rule): the answer to one request is recorded.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     return Outcome::info("a single request is answered", describeAnswer(opened.session->request("ping")));
                 }});

    catalog.add({"T-SH-9", Level::Must, kFrom2025_03, kStreamable,
                 "Input of only notifications or responses is answered 202 with no body.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.sendInitialized = false});
                     if (!opened.session) return noSession(ctx, opened);
                     // "If the server accepts the input, the server MUST return HTTP status code 202 Accepted
                     // with no body. If the server cannot accept the input, it MUST return an HTTP error status
                     // code": a response to a request the server never sent may be refused.
                     std::string expected = "accepted -> 202 with no body (or refused with an HTTP error)";
                     std::string seen;
                     std::size_t accepted = 0;
                     for (const std::string& body : {std::string(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"),
                                                    std::string(R"({"jsonrpc":"2.0","id":"srv-ping-1","result":{}})")}) {
                         SendOptions nothing;
                         nothing.await = SendOptions::Await::Nothing;
                         auto reply = opened.session->send(body, nothing);
                         seen += (seen.empty() ? "" : "; ") + excerpt(body, 60) + " -> " + reply.describe();
                         if (reply.httpStatus >= 400) continue;
                         if (reply.httpStatus != 202 || !reply.body.empty() || (reply.sse && !reply.sse->events.empty()))
                             return Outcome::fail(excerpt(body, 60) + " -> 202, empty body", reply.describe());
                         ++accepted;
                     }
                     if (!accepted) return Outcome::inconclusive(expected, "neither input was accepted: " + seen);
                     return Outcome::pass(expected, seen);
                 }});

    catalog.add({"T-SH-10", Level::Must, kFrom2025_03, kStreamable,
                 "Input the server cannot accept gets an HTTP error status such as 400.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto request = sessionRequest(ctx, *opened.session, "POST");
                     request.body = R"({"jsonrpc":"2.0","method":7})";
                     auto r = exchange(ctx, request, ctx.target.timeout);
                     std::string expected = "{\"method\":7} -> an HTTP error status (4xx)";
                     if (r.status() >= 400) return Outcome::pass(expected, describeHttp(r));
                     if (!r.ok) return Outcome::inconclusive(expected, describeHttp(r));
                     // JSON-RPC 2.0 answers exactly this input with -32600 (its "invalid Request object"
                     // example); whether MCP's HTTP-error rule for unacceptable notifications covers it is
                     // not clear, so a JSON-RPC error in a 2xx is a warning. Accepting it (202) is the failure.
                     if (r.body.find("-32600") != std::string::npos)
                         return Outcome::warn(expected, "a JSON-RPC -32600 error with " + describeHttp(r));
                     return Outcome::fail(expected, describeHttp(r));
                 }});

    catalog.add({"T-SH-11", Level::Must, kFrom2025_03, kStreamable,
                 "A POST holding a request is answered with application/json or text/event-stream.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->request("ping");
                     // A refused request (an HTTP error) is not served: this rule is about how a served
                     // request is answered; U-PING-1 reports a ping that is not served.
                     if (!is2xx(reply.httpStatus))
                         return Outcome::blocked("the ping was not served (" + reply.describe() + "); U-PING-1 reports it");
                     if (reply.contentType == "application/json" || reply.contentType == "text/event-stream")
                         return Outcome::pass("application/json or text/event-stream", reply.contentType);
                     return Outcome::fail("application/json or text/event-stream", reply.describe());
                 }});

    catalog.add({"T-SH-12", Level::Should, kFrom2025_03, kStreamable,
                 "An SSE answer eventually contains the response to the POSTed request.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(sseProvokingBody(ctx, "\"tsh12\""));
                     if (reply.contentType != "text/event-stream") return Outcome::skip("the server answered with " + reply.contentType);
                     if (!reply.response) return Outcome::fail("the response arrives on the stream", reply.describe());
                     return Outcome::pass("the response arrives on the stream", describeAnswer(reply));
                 }});

    catalog.add({"T-SH-13", Level::Should, kFrom2025_03, kStreamable,
                 "Notifications a server sends while handling a request travel on that request's POST stream.", kSpec,
                 [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("stream")) return Outcome::skip("needs a tool that emits notifications while it runs (stream)");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(sseProvokingBody(ctx, "\"tsh13\""));
                     std::size_t n = 0;
                     for (const auto& m : reply.messages)
                         if (m.isNotification()) {
                             ++n;
                             if (m.via != "post-sse") return Outcome::fail("notifications on the request's own stream", "via " + m.via);
                         }
                     if (!n) return Outcome::skip("the tool sent no notification");
                     return Outcome::pass("notifications on the request's own stream", std::to_string(n) + " notifications on the POST stream");
                 }});

    catalog.add({"T-SH-15", Level::May, kOnly2025_11, kStreamable,
                 "A server that closes a POST stream early sends an event id and retry first.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto run = postAndWatch(ctx, *opened.session, "\"tsh15\"", milliseconds(200));
                     if (run.reply.contentType != "text/event-stream") return Outcome::skip("JSON answers");
                     if (run.responseAtMs >= 0) return Outcome::pass("no early close, or id+retry before it", "the response arrived on the stream");
                     bool id = false, retry = false;
                     for (const auto& e : run.capture.events) {
                         id |= e.idField.has_value();
                         retry |= e.retryMs.has_value();
                     }
                     if (id && retry) return Outcome::pass("id and retry before closing", "both sent");
                     return Outcome::fail("id and retry before an early close", "stream closed before the response without them");
                 }});

    catalog.add({"T-SH-16", Level::Should, kOnly2025_11, kStreamable,
                 "An SSE stream opens with a priming event: an event id and empty data.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(sseProvokingBody(ctx, "\"tsh16\""));
                     if (reply.contentType != "text/event-stream" || !reply.sse) return Outcome::skip("the server answered with " + reply.contentType);
                     if (reply.sse->events.empty()) return Outcome::fail("a priming event first", "no events");
                     const auto& first = reply.sse->events.front();
                     if (!first.idField || !first.data.empty())
                         return Outcome::fail("first event: id and empty data", "first event: id " + first.idField.value_or("<none>") + ", data " + excerpt(first.data, 80));
                     return Outcome::pass("first event: id and empty data", "id " + *first.idField);
                 }});

    catalog.add({"T-SH-17", Level::Should, kFrom2025_03, kStreamable,
                 "Once the response has been sent the server closes the POST stream.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto run = postAndWatch(ctx, *opened.session, "\"tsh17\"", milliseconds(2000));
                     if (run.reply.contentType != "text/event-stream") return Outcome::skip("JSON answers");
                     if (run.responseAtMs < 0) return Outcome::fail("the response, then EOF", "no response on the stream");
                     if (run.endAtMs < 0) return Outcome::fail("EOF within 2 s of the response", "still open 2 s after the response");
                     return Outcome::pass("EOF within 2 s of the response", std::to_string(static_cast<int>(run.endAtMs - run.responseAtMs)) + " ms after");
                 }});

    catalog.add({"T-SH-19", Level::Info, kFrom2025_03, kStreamable,
                 "The server may answer with JSON or SSE: recorded.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->request("ping");
                     if (!reply.httpStatus) return Outcome::inconclusive("response form recorded", reply.describe());
                     return Outcome::info("response form recorded", reply.contentType);
                 }});
}

// 6.3 Listening for messages: GET (T-SH-26, the one-stream rule of 6.4, is checked with T-SH-23)
void addGetCases(CaseCatalog& catalog) {
    // T-SH-23 and T-SH-26 watch the same traffic: with a GET stream open, a request that emits
    // notifications while it runs. T-SH-23 (SHOULD): none of them on the GET stream. T-SH-26
    // (MUST NOT broadcast): none of them on both streams.
    for (const auto& [id, level, requirement] : std::vector<std::tuple<std::string, Level, std::string>>{
             {"T-SH-23", Level::Should, "Messages on the GET stream are unrelated to requests in flight."},
             {"T-SH-26", Level::Must, "Each server message goes out on exactly one stream; nothing is broadcast."}}) {
        catalog.add({id, level, kFrom2025_03, kStreamable, requirement, kSpec, [broadcast = id == "T-SH-26"](CaseContext& ctx) {
                         if (!ctx.facts.hasTool("stream")) return Outcome::skip("needs a tool that emits notifications while it runs (stream)");
                         auto opened = ctx.open();
                         if (!opened.session) return noSession(ctx, opened);
                         auto get = ctx.http.open(sessionRequest(ctx, *opened.session, "GET"), ctx.target.timeout);
                         if (!get.stream || get.stream->head().status != 200) return Outcome::skip("no GET stream (405 or refused)");
                         auto reply = opened.session->send(sseProvokingBody(ctx, "\"tsh26\""));
                         // "Nothing on the GET stream" only after the full --timeout (no fence exists there).
                         mcp::SseParser parser;
                         SseCapture capture;
                         readSse(*get.stream, parser, capture, Clock::now() + ctx.target.timeout, {});
                         std::set<std::string> onPost;
                         for (const auto& m : reply.messages)
                             if (m.isNotification()) onPost.insert(m.text);
                         std::size_t onGet = 0;
                         for (const auto& e : capture.events) {
                             if (e.data.find("\"seq\"") == std::string::npos) continue;   // the stream fixture's notifications
                             ++onGet;
                             if (!broadcast) return Outcome::fail("the request's notifications only on its POST stream", "on the GET stream: " + excerpt(e.data, 150));
                             for (const auto& m : parseMessages(e.data, "get-sse"))
                                 if (onPost.count(m.text)) return Outcome::fail("each message on one stream only", "on the POST and the GET stream: " + excerpt(m.text, 150));
                         }
                         std::string expected = broadcast ? "each notification on one stream only" : "the request's notifications only on its POST stream";
                         if (onPost.empty() && !onGet) return Outcome::inconclusive(expected, "the stream tool sent no notification");
                         return Outcome::pass(expected, std::to_string(onPost.size()) + " on the POST stream, " + std::to_string(onGet) + " on the GET stream");
                     }});
    }

    catalog.add({"T-SH-20", Level::Interop, kFrom2025_03, kStreamable,
                 "A GET whose Accept lacks text/event-stream gets 406.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto r = exchange(ctx, sessionRequest(ctx, *opened.session, "GET", [](HttpHeaders& h) { h.set("Accept", "application/json"); }));
                     if (r.status() == 406 || r.status() == 405) return Outcome::pass("GET Accept: application/json -> 406", describeHttp(r));
                     return Outcome::fail("GET Accept: application/json -> 406", describeHttp(r));
                 }});

    catalog.add({"T-SH-21", Level::Must, kFrom2025_03, kStreamable,
                 "The GET is answered with text/event-stream or with 405.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto r = exchange(ctx, sessionRequest(ctx, *opened.session, "GET"), ctx.target.timeout);
                     auto type = mediaType(r.header("Content-Type").value_or(""));
                     if ((r.status() == 200 && type == "text/event-stream") || r.status() == 405)
                         return Outcome::pass("200 text/event-stream or 405", describeHttp(r));
                     if (!r.ok) return Outcome::inconclusive("200 text/event-stream or 405", "no answer within --timeout: " + describeHttp(r));
                     return Outcome::fail("200 text/event-stream or 405", describeHttp(r));
                 }});

    catalog.add({"T-SH-22", Level::Must, kFrom2025_03, kStreamable,
                 "No JSON-RPC responses are sent on the GET stream (unless resuming).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto get = ctx.http.open(sessionRequest(ctx, *opened.session, "GET"), ctx.target.timeout);
                     if (!get.stream || get.stream->head().status != 200) return Outcome::skip("no GET stream (405 or refused)");
                     std::size_t answered = 0;
                     for (int i = 0; i < 5; ++i) answered += opened.session->request("ping").response.has_value();
                     if (!answered) return Outcome::inconclusive("no responses on the GET stream", "no ping was answered on its POST (U-PING-1 reports it)");
                     // "No response on the GET stream" only after the full --timeout (no fence exists there).
                     mcp::SseParser parser;
                     SseCapture capture;
                     readSse(*get.stream, parser, capture, Clock::now() + ctx.target.timeout, {});
                     for (const auto& e : capture.events) {
                         auto m = parseObject(e.data);
                         if (m && (m->has("result") || m->has("error")) && !m->has("method"))
                             return Outcome::fail("no responses on the GET stream", excerpt(e.data, 200));
                     }
                     return Outcome::pass("no responses on the GET stream", std::to_string(answered) + " pings answered on their POSTs, " +
                                                                                std::to_string(capture.events.size()) + " events on GET");
                 }});

    catalog.add({"T-SH-25", Level::Info, kFrom2025_03, kStreamable,
                 "A second GET stream for the same session: behaviour recorded (409 or replace).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto first = ctx.http.open(sessionRequest(ctx, *opened.session, "GET"), ctx.target.timeout);
                     auto second = exchange(ctx, sessionRequest(ctx, *opened.session, "GET"));
                     return Outcome::info("second GET recorded", "first GET " + (first.stream ? std::to_string(first.stream->head().status) : first.error) +
                                                                      ", second GET " + statusOf(second));
                 }});
}

// 6.5 Resumability and redelivery
void addResumabilityCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-27", Level::May, kFrom2025_03, kStreamable,
                 "SSE events may carry an id: recorded.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(sseProvokingBody(ctx, "\"tsh27\""));
                     std::size_t ids = 0;
                     if (reply.sse)
                         for (const auto& e : reply.sse->events) ids += e.idField.has_value();
                     if (!reply.sse) return Outcome::info("event ids recorded", "the answer was " + (reply.contentType.empty() ? std::string("not SSE") : reply.contentType));
                     return Outcome::info("event ids recorded", std::to_string(ids) + " events with an id");
                 }});

    catalog.add({"T-SH-28", Level::Must, kFrom2025_03, kStreamable,
                 "Event ids are unique across all streams of a session.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     std::set<std::string> ids;
                     for (int i = 0; i < 4; ++i) {
                         auto reply = opened.session->send(sseProvokingBody(ctx, std::to_string(2800 + i)));
                         if (!reply.sse) continue;
                         for (const auto& e : reply.sse->events)
                             if (e.idField && !e.idField->empty() && !ids.insert(*e.idField).second)
                                 return Outcome::fail("unique event ids", "id " + *e.idField + " repeated");
                     }
                     if (ids.empty()) return Outcome::skip("the server sends no event ids");
                     return Outcome::pass("unique event ids", std::to_string(ids.size()) + " ids");
                 }});

    for (const auto& [id, level, revs] : std::vector<std::tuple<std::string, Level, RevisionSet>>{
             {"T-SH-30", Level::May, kFrom2025_03}, {"T-SH-32", Level::Should, kOnly2025_11}, {"T-SH-31", Level::Must, kFrom2025_03}}) {
        catalog.add({id, level, revs, kStreamable,
                     id == "T-SH-30"   ? "A GET with Last-Event-ID replays what followed that id on the same stream."
                     : id == "T-SH-32" ? "Resumption of a POST stream uses GET with Last-Event-ID."
                                       : "Resumption never replays messages of another stream.",
                     kSpec, [other = id == "T-SH-31"](CaseContext& ctx) { return resumeAndCheck(ctx, other); }});
    }

    catalog.add({"T-SH-33", Level::Should, kFrom2025_03, kStreamable,
                 "A garbage Last-Event-ID gets 4xx or a fresh stream, never a 5xx.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto r = exchange(ctx, sessionRequest(ctx, *opened.session, "GET", [](HttpHeaders& h) { h.push_back({"Last-Event-ID", "zz\x01"}); }));
                     if (r.ok && r.status() < 500) return Outcome::pass("4xx or a new stream", describeHttp(r));
                     return Outcome::fail("4xx or a new stream", describeHttp(r));
                 }});
}

// 6.6 Session management
void addSessionCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-34", Level::May, kFrom2025_03, kStreamable,
                 "The server may issue Mcp-Session-Id with the InitializeResult: recorded.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     return Outcome::info("session id recorded", opened.session->sessionId ? "session id issued (" + std::to_string(opened.session->sessionId->size()) + " chars)" : "sessionless");
                 }});

    catalog.add({"T-SH-35", Level::Must, kFrom2025_03, kStreamable,
                 "The session id is non-empty visible ASCII (0x21-0x7E).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!opened.session->sessionId) return Outcome::skip("the server issues no session id");
                     const auto& id = *opened.session->sessionId;
                     // "The session ID MUST only contain visible ASCII characters": an empty value breaks no
                     // character rule, but is a strange id.
                     if (id.empty()) return Outcome::warn("visible ASCII", "an empty Mcp-Session-Id");
                     for (unsigned char c : id)
                         if (c < 0x21 || c > 0x7e) return Outcome::fail("visible ASCII", "byte " + std::to_string(c));
                     return Outcome::pass("visible ASCII", std::to_string(id.size()) + " chars");
                 }});

    // SHOULD in the transport text, MUST in the 2025-06-18+ security guidance.
    catalog.add({"T-SH-36", Level::Must, kFrom2025_03, kStreamable,
                 "Session ids are unique and unpredictable (not sequential, at least 16 characters).", kSpec,
                 [](CaseContext& ctx) {
                     std::vector<std::string> ids;
                     for (int i = 0; i < 12; ++i) {
                         auto r = exchange(ctx, initializeRequest(ctx));
                         if (auto id = r.header("Mcp-Session-Id"); id && !id->empty()) ids.push_back(*id);   // empty: T-SH-35
                     }
                     if (ids.empty()) return Outcome::skip("the server issues no session id");
                     auto verdict = [&](std::string why) {
                         return ctx.revisionAtLeast(mcp::Revision::V2025_06_18) ? Outcome::fail("unique, unpredictable session ids", why)
                                                                                : Outcome::warn("unique, unpredictable session ids", why);
                     };
                     std::set<std::string> unique(ids.begin(), ids.end());
                     if (unique.size() != ids.size()) return verdict("duplicate session ids among " + std::to_string(ids.size()));
                     // Counter- or clock-like: consecutive ids differ in only a few characters. Shared
                     // structure (a JWT header, a UUID's version digit, a prefix) is fine: random ids of any
                     // shape differ in many places.
                     std::size_t counterLike = 0;
                     for (std::size_t i = 1; i < ids.size(); ++i) {
                         const auto& a = ids[i - 1];
                         const auto& b = ids[i];
                         std::size_t differing = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
                         for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) differing += a[k] != b[k];
                         std::size_t longest = std::max(a.size(), b.size());
                         if (differing < std::min<std::size_t>(6, std::max<std::size_t>(2, longest / 2))) ++counterLike;
                     }
                     if (counterLike * 2 > ids.size() - 1)
                         return verdict("consecutive ids differ in only a few characters (e.g. " + ids[0] + ", " + ids[1] + "): sequential or time-derived");
                     for (const auto& id : ids)
                         if (id.size() < 16)   // a SHOULD-level concern (cryptographically secure), never a failure
                             return Outcome::warn("unique, unpredictable session ids", "id of " + std::to_string(id.size()) +
                                                                                            " characters: too short to be cryptographically secure");
                     return Outcome::pass("unique, unpredictable session ids", std::to_string(ids.size()) + " distinct ids, e.g. " + std::to_string(ids[0].size()) + " chars");
                 }});

    catalog.add({"T-SH-37", Level::Should, kFrom2025_03, kStreamable,
                 "A sessionful server answers 400 to non-initialize requests without Mcp-Session-Id.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!opened.session->sessionId) return Outcome::skip("sessionless server");
                     for (const std::string method : {"POST", "GET", "DELETE"}) {
                         auto r = exchange(ctx, sessionRequest(ctx, *opened.session, method, [](HttpHeaders& h) { h.remove("Mcp-Session-Id"); }));
                         if (r.status() != 400) return Outcome::fail(method + " without Mcp-Session-Id -> 400", describeHttp(r));
                     }
                     return Outcome::pass("400 without the session header", "POST, GET and DELETE");
                 }});

    catalog.add({"T-SH-38", Level::Must, kFrom2025_03, kStreamable,
                 "After a session ends (DELETE), every request bearing its id gets 404.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!opened.session->sessionId) return Outcome::skip("sessionless server");
                     auto del = exchange(ctx, sessionRequest(ctx, *opened.session, "DELETE"));
                     if (del.status() == 405) return Outcome::skip("the server does not let clients end sessions (405)");
                     // A DELETE that did not end the session ends nothing to judge here (T-SH-40 grades the answer).
                     if (!is2xx(del.status())) return Outcome::blocked("DELETE did not end the session (" + describeHttp(del) + "); T-SH-40 reports it");
                     // "after which it MUST respond ... with HTTP 404": the server may end the session just
                     // after answering the DELETE, so the first request is retried within one --timeout.
                     auto first = pollUntilStatus(ctx, sessionRequest(ctx, *opened.session, "POST"), 404, "POST on the deleted session -> 404");
                     if (first.verdict != Verdict::Pass) return first;
                     for (const std::string method : {"GET", "DELETE"}) {
                         auto r = exchange(ctx, sessionRequest(ctx, *opened.session, method));
                         if (r.status() != 404) return Outcome::fail(method + " on the deleted session -> 404", describeHttp(r));
                     }
                     return Outcome::pass("404 after DELETE", "POST, GET and DELETE all 404");
                 }});

    catalog.add({"T-SH-39", Level::Should, kFrom2025_03, kStreamable,
                 "A session id that was never issued gets 404.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!opened.session->sessionId) return Outcome::skip("sessionless server");
                     auto r = exchange(ctx, sessionRequest(ctx, *opened.session, "POST", [](HttpHeaders& h) {
                         h.set("Mcp-Session-Id", "never-issued-0123456789abcdef");
                     }));
                     if (r.status() == 404) return Outcome::pass("unknown session -> 404", describeHttp(r));
                     return Outcome::fail("unknown session -> 404", describeHttp(r));
                 }});

    catalog.add({"T-SH-40", Level::May, kFrom2025_03, kStreamable,
                 "DELETE with the session id ends the session (2xx) or is refused with 405.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!opened.session->sessionId) return Outcome::skip("sessionless server");
                     auto r = exchange(ctx, sessionRequest(ctx, *opened.session, "DELETE"));
                     if (is2xx(r.status()) || r.status() == 405) return Outcome::pass("2xx or 405", describeHttp(r));
                     return Outcome::fail("2xx or 405", describeHttp(r));
                 }});

    catalog.add({"T-SH-41", Level::Should, kFrom2025_03, kStreamable,
                 "An initialize carrying a live session id is refused (400 / -32600).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto request = sessionRequest(ctx, *opened.session, "POST");
                     request.body = initializeBody(4101, ctx.revisionString());
                     auto r = exchange(ctx, request);
                     if (r.status() == 400 || r.body.find("-32600") != std::string::npos) return Outcome::pass("400 or -32600", describeHttp(r));
                     return Outcome::fail("400 or -32600", describeHttp(r));
                 }});

    catalog.add({"T-SH-42", Level::Should, kFrom2025_06, kStreamable,
                 "A session is bound to its user: another user's token with this session id never sees this session's data.",
                 kSpec, [](CaseContext& ctx) {
                     if (!ctx.facts.authRequired)
                         return Outcome::skip("the server answers requests without credentials: there is no user to bind a session to (AU-2 reports it)");
                     std::optional<std::string> a = ctx.freshAuthorization(), b;
                     if (ctx.facts.acceptsAnyToken) b = "Bearer " + ctx.randomToken(28);
                     else b = ctx.target.authorizationAlt;
                     if (!a || !b) return Outcome::skip("needs two identities (--token-alt)");
                     SessionOptions options;
                     options.authorization = a;
                     auto opened = ctx.open(options);
                     if (!opened.session) return noSession(ctx, opened);
                     if (!opened.session->sessionId) return Outcome::skip("sessionless server");
                     SendOptions asB;
                     asB.authorization = *b;
                     auto reply = opened.session->send(requestBody("4201", "tools/call", R"({"name":"getToken","arguments":{}})"), asB);
                     std::string expected = "user B on A's session -> 401, 403 or 404";
                     if (reply.httpStatus == 401 || reply.httpStatus == 403 || reply.httpStatus == 404) return Outcome::pass(expected, reply.describe());
                     auto text = toolText(reply).value_or("");
                     if (text.find(*a) != std::string::npos) return Outcome::fail(expected, "B saw A's token through A's session");
                     return Outcome::fail(expected, "served B on A's session: " + reply.describe());
                 }});
}

// 6.7 Protocol version header
void addProtocolVersionHeaderCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-43", Level::Must, kFrom2025_06, kStreamable,
                 "MCP-Protocol-Version with the negotiated version is accepted on POST, GET and DELETE.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     for (const std::string method : {"POST", "GET", "DELETE"}) {
                         auto r = exchange(ctx, sessionRequest(ctx, *opened.session, method));
                         if (is4xx(r.status()) && r.status() != 405) return Outcome::fail(method + " with the header -> no 4xx", describeHttp(r));
                     }
                     return Outcome::pass("no 4xx with the negotiated version", "POST, GET, DELETE");
                 }});

    const std::vector<VersionVector> badVersions = {
        {"future", {"2099-01-01"}}, {"garbage", {"garbage"}}, {"empty", {""}}, {"unpadded", {"2025-6-18"}},
        {"conflicting-lines", {"2025-06-18", "2025-03-26"}}};
    for (const auto& v : badVersions) {
        // Two header lines that differ are a sender's error (RFC 9110 §5.3); no RFC tells the
        // recipient what to make of them, as for duplicate Authorization lines (H-3): a SHOULD.
        catalog.add({"T-SH-44." + v.suffix, v.values.size() > 1 ? Level::Should : Level::Must, kFrom2025_06, kStreamable,
                     "An invalid or unsupported MCP-Protocol-Version gets 400 on POST, GET and DELETE (" + v.suffix + ").", kSpec,
                     [v](CaseContext& ctx) {
                         auto opened = ctx.open();
                         if (!opened.session) return noSession(ctx, opened);
                         auto edit = [&](HttpHeaders& h) {
                             h.remove("MCP-Protocol-Version");
                             for (const auto& value : v.values) h.push_back({"MCP-Protocol-Version", value});
                         };
                         std::string seen;
                         for (const std::string method : {"POST", "GET", "DELETE"}) {
                             auto r = exchange(ctx, sessionRequest(ctx, *opened.session, method, edit));
                             seen += (seen.empty() ? "" : ", ") + method + " " + statusOf(r);
                             if (r.status() == 400) continue;
                             // GET and DELETE may be refused with 405 as methods the server does not offer
                             // (no SSE stream, no client-ended sessions): the same 405 with a valid version.
                             if (r.status() == 405 && method != "POST" && exchange(ctx, sessionRequest(ctx, *opened.session, method)).status() == 405) continue;
                             if (!r.ok) return Outcome::inconclusive(method + " with MCP-Protocol-Version: " + v.values.front() + " -> 400", describeHttp(r));
                             return Outcome::fail(method + " with MCP-Protocol-Version: " + v.values.front() + " -> 400", describeHttp(r));
                         }
                         return Outcome::pass("400 on POST, GET and DELETE (405 where the method is not offered)", seen);
                     }});
    }

    catalog.add({"T-SH-45", Level::Should, kFrom2025_06, kStreamable,
                 "Without MCP-Protocol-Version the request is served (assume 2025-03-26 or the negotiated one).", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions none;
                     none.protocolVersion = "";
                     auto reply = opened.session->send(requestBody("4501", "ping"), none);
                     if (reply.response && reply.response->isResult()) return Outcome::pass("served without the header", describeAnswer(reply));
                     return Outcome::fail("served without the header", reply.describe());
                 }});

    catalog.add({"T-SH-46", Level::Info, kFrom2025_06, kStreamable,
                 "A supported but non-negotiated version: behaviour recorded.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions other;
                     other.protocolVersion = "2025-03-26";
                     return Outcome::info("behaviour recorded", opened.session->send(requestBody("4601", "ping"), other).describe());
                 }});

    catalog.add({"T-SH-47", Level::Must, kFrom2025_06, kStreamable,
                 "Whitespace around the MCP-Protocol-Version value is not part of it.", "RFC 9110 §5.5", [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions padded;
                     padded.protocolVersion = "  " + opened.session->negotiatedVersion + " ";
                     auto reply = opened.session->send(requestBody("4701", "ping"), padded);
                     if (reply.response && reply.response->isResult()) return Outcome::pass("padded version accepted", describeAnswer(reply));
                     if (reply.httpStatus == 400) return Outcome::fail("padded version accepted", reply.describe());
                     return Outcome::inconclusive("padded version accepted", "the ping was not served for another reason: " + reply.describe());
                 }});

    catalog.add({"T-SH-48", Level::Should, kOnly2025_03, kStreamable,
                 "Discovery requests with MCP-Protocol-Version get the same answer as without it.", kSpec, [](CaseContext& ctx) {
                     auto plain = ctx.newRequest("GET", "/.well-known/oauth-protected-resource", false);
                     auto with = plain;
                     with.headers.push_back({"MCP-Protocol-Version", "2025-03-26"});
                     auto a = exchange(ctx, plain), b = exchange(ctx, with);
                     if (a.status() == b.status()) return Outcome::pass("same status", statusOf(a));
                     return Outcome::fail("same status", statusOf(a) + " vs " + statusOf(b));
                 }});

    catalog.add({"T-SH-48a", Level::Should, kFrom2025_06, kStreamable,
                 "initialize works with and without an MCP-Protocol-Version header.", kSpec, [](CaseContext& ctx) {
                     auto without = exchange(ctx, initializeRequest(ctx));
                     auto with = exchange(ctx, initializeRequest(ctx, [&](HttpHeaders& h) { h.push_back({"MCP-Protocol-Version", ctx.revisionString()}); }));
                     if (is2xx(without.status()) && is2xx(with.status())) return Outcome::pass("both succeed", "both 2xx");
                     return Outcome::fail("both succeed", "without: " + statusOf(without) + ", with: " + statusOf(with));
                 }});
}

// 6.8 Backwards compatibility
void addBackwardsCompatibilityCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-51", Level::Should, kFrom2025_03, kStreamable,
                 "An unauthenticated probe gets 401, not 404/405, so clients authenticate before choosing a transport.", kSpec,
                 [](CaseContext& ctx) {
                     if (!ctx.facts.authRequired) return Outcome::skip("the server answers requests without credentials (AU-2 reports it)");
                     auto r = exchange(ctx, initializeRequest(ctx, [](HttpHeaders& h) { h.remove("Authorization"); }));
                     if (r.status() == 401) return Outcome::pass("401", describeHttp(r));
                     return Outcome::fail("401", describeHttp(r));
                 }});
}

// 6.9 HTTP semantics (not MCP-normative)
void addHttpSemanticsCases(CaseCatalog& catalog) {
    catalog.add({"T-SH-52", Level::Must, kFrom2025_03, kStreamable,
                 "Every 405 carries an Allow header.", "RFC 9110 §15.5.6", [](CaseContext& ctx) {
                     std::size_t seen = 0;
                     for (const std::string method : {"PUT", "PATCH", "GET"}) {
                         auto request = ctx.newRequest(method);
                         if (method == "GET") request.headers.push_back({"Accept", "text/event-stream"});
                         auto r = exchange(ctx, request, milliseconds(1000));
                         if (r.status() != 405) continue;
                         ++seen;
                         if (!r.header("Allow")) return Outcome::fail("405 with Allow", method + ": " + describeHttp(r));
                     }
                     if (!seen) return Outcome::skip("no 405 observed");
                     return Outcome::pass("405 with Allow", std::to_string(seen) + " 405 answers with Allow");
                 }});

    catalog.add({"T-SH-53", Level::Interop, kFrom2025_03, kStreamable,
                 "Unsupported methods (PUT) get 405.", kSpec, [](CaseContext& ctx) {
                     auto r = exchange(ctx, ctx.newRequest("PUT"));
                     if (r.status() == 405) return Outcome::pass("PUT -> 405", describeHttp(r));
                     return Outcome::fail("PUT -> 405", describeHttp(r));
                 }});

    catalog.add({"T-SH-54", Level::Interop, kFrom2025_03, kStreamable,
                 "An oversized (5 MiB) body gets 413 (or 400) without hanging.", kSpec, [](CaseContext& ctx) {
                     auto request = initializeRequest(ctx);
                     request.body = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":")" + std::string(5 << 20, 'x') + "\"}}";
                     auto r = exchange(ctx, request, milliseconds(5000));
                     if (r.status() == 413 || r.status() == 400) return Outcome::pass("413 or 400", describeHttp(r));
                     return Outcome::fail("413 or 400", describeHttp(r));
                 }});

    catalog.add({"T-SH-55", Level::Interop, kFrom2025_03, kStreamable,
                 "Unparseable JSON gets HTTP 400 with a -32700 body.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto request = sessionRequest(ctx, *opened.session, "POST");
                     request.body = "{";
                     auto r = exchange(ctx, request);
                     if (r.status() == 400 && r.body.find("-32700") != std::string::npos) return Outcome::pass("400 with -32700", describeHttp(r));
                     return Outcome::fail("400 with -32700", describeHttp(r));
                 }});

    catalog.add({"T-SH-56", Level::Info, kFrom2025_03, kStreamable,
                 "OPTIONS preflights are answered with CORS headers: recorded.", kSpec, [](CaseContext& ctx) {
                     auto request = ctx.newRequest("OPTIONS", std::nullopt, false);
                     request.headers.push_back({"Origin", "http://localhost"});
                     request.headers.push_back({"Access-Control-Request-Method", "POST"});
                     request.headers.push_back({"Access-Control-Request-Headers", "authorization, content-type, mcp-session-id, mcp-protocol-version"});
                     auto r = exchange(ctx, request);
                     return Outcome::info("CORS recorded", statusOf(r) + ", Allow-Headers: " + r.header("Access-Control-Allow-Headers").value_or("<none>"));
                 }});

    catalog.add({"T-SH-57", Level::Info, kFrom2025_03, kStreamable,
                 "JSON-RPC errors on a valid HTTP request come with 200.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->request("no/such_method");
                     if (is4xx(reply.httpStatus)) return Outcome::warn("200 with -32601", reply.describe());
                     if (!reply.response || !reply.response->isError()) return Outcome::inconclusive("200 with -32601", "no JSON-RPC error came back: " + reply.describe());
                     return Outcome::pass("200 with -32601", describeAnswer(reply));
                 }});
}

}  // namespace

void addStreamableHttpCases(CaseCatalog& catalog) {
    addEndpointCases(catalog);
    addPostCases(catalog);
    addGetCases(catalog);
    addResumabilityCases(catalog);
    addSessionCases(catalog);
    addProtocolVersionHeaderCases(catalog);
    addBackwardsCompatibilityCases(catalog);
    addHttpSemanticsCases(catalog);
}

}  // namespace mcp::conformance
