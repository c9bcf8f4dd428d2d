// Legacy HTTP+SSE transport cases (T-SSE-*, and the T-SH-49/50 backwards-compatibility rows
// that are observed on the legacy URL).
#include "conformance/case_helpers.h"

#include <Poco/URI.h>

#include <random>

namespace mcp::conformance {
namespace {

const char* kSpec = "2024-11-05 basic/transports (HTTP with SSE)";

std::string randomHex(std::size_t n) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += "0123456789abcdef"[rng() % 16];
    return out;
}

// Replaces (or removes, when `value` is empty) the query of a path?query target.
std::string withQuery(const std::string& target, const std::string& query) {
    auto q = target.find('?');
    auto path = target.substr(0, q);
    return query.empty() ? path : path + "?" + query;
}

// The endpoint with its session discriminator replaced by `value`.
std::string withSessionValue(const std::string& target, const std::string& value) {
    Poco::URI uri(target);
    auto params = uri.getQueryParameters();
    Poco::URI::QueryParameters out;
    bool replaced = false;
    for (auto& [k, v] : params) {
        if (k == "sessionId" || k == "session_id") {
            out.push_back({k, value});
            replaced = true;
        } else {
            out.push_back({k, v});
        }
    }
    if (!replaced) out.push_back({"sessionId", value});
    uri.setQueryParameters(out);
    return uri.getPathEtc();
}

HttpResult postTo(CaseContext& ctx, const std::string& target, const std::string& body, const std::string& contentType = "application/json",
                  bool withAuth = true, HttpHeaders extra = {}) {
    auto request = ctx.newRequest("POST", target, withAuth);
    request.headers.push_back({"Content-Type", contentType});
    for (auto& h : extra) request.headers.push_back(h);
    request.body = body;
    return ctx.fetch(request, 65536);
}

Outcome statusIn(const HttpResult& result, std::initializer_list<int> wanted, const std::string& expected) {
    for (int w : wanted)
        if (result.status() == w) return Outcome::pass(expected, describeHttp(result));
    return Outcome::fail(expected, describeHttp(result));
}

}  // namespace

void addLegacySseCases(CaseCatalog& catalog) {
    catalog.add({"T-SSE-1", Level::Must, kAllRevisions, kLegacy,
                 "The server exposes a GET SSE endpoint and a POST message endpoint.", kSpec, [](CaseContext& ctx) {
                     // The GET endpoint is T-SSE-2's to judge and the endpoint event T-SSE-3's; this case judges
                     // that the POST endpoint the event names is served.
                     auto opened = ctx.open();
                     using Step = SessionOpen::Step;
                     if (opened.failedAt == Step::Stream || opened.failedAt == Step::Endpoint) return noSession(ctx, opened);
                     std::string expected = "a GET SSE endpoint and a POST endpoint that serves messages";
                     int status = opened.initializeReply.httpStatus;
                     if (status == 404 || status == 405)
                         return Outcome::fail(expected, "POST initialize to the endpoint answered HTTP " + std::to_string(status) + ": " + opened.error);
                     if (!status) return Outcome::inconclusive(expected, "the POST got no HTTP answer: " + opened.initializeReply.describe());
                     return Outcome::pass(expected, "GET " + ctx.target.path + " -> SSE; POST " + opened.initializeReply.header("Content-Type").value_or("") +
                                                        " to the endpoint -> HTTP " + std::to_string(status));
                 }});

    catalog.add({"T-SSE-2", Level::Must, kAllRevisions, kLegacy,
                 "The GET answers 200 with Content-Type text/event-stream and the stream stays open.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     std::string expected = "200 text/event-stream, still open after use";
                     if (opened.failedAt == SessionOpen::Step::Stream) return Outcome::fail(expected, opened.error);
                     if (!opened.session)
                         return Outcome::inconclusive(expected, "the GET answered 200 text/event-stream, but no session opened to see it stay open (" +
                                                                    opened.error + "); " + sessionFailureReportedBy(ctx, opened) + " reports why");
                     auto type = mediaType(opened.session->streamHead.headers.get("Content-Type").value_or(""));
                     auto ping = opened.session->request("ping");
                     if (opened.session->standingStream.ended) return Outcome::fail(expected, "the stream ended: " + ping.describe());
                     return Outcome::pass(expected, "HTTP 200 " + type + ", open after a ping round trip (" + ping.describe() + ")");
                 }});

    catalog.add({"T-SSE-3", Level::Must, kAllRevisions, kLegacy,
                 "The first event is `endpoint` whose data is the URI for POSTing messages.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.initialize = false});
                     std::string expected = "first event: endpoint with a non-empty URI";
                     if (opened.failedAt == SessionOpen::Step::Stream) return noSession(ctx, opened);
                     if (!opened.session) return Outcome::fail(expected, opened.error);
                     return Outcome::pass(expected, "event: endpoint, data: " + opened.session->endpointData);
                 }});

    catalog.add({"T-SSE-4", Level::Interop, kAllRevisions, kLegacy,
                 "The endpoint has the same origin (scheme, host, port) as the SSE URL.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.initialize = false});
                     if (!opened.session) {
                         if (opened.error.find("another origin") != std::string::npos) return Outcome::fail("same origin", opened.error);
                         return noSession(ctx, opened);
                     }
                     return Outcome::pass("same origin", opened.session->endpointData);
                 }});

    catalog.add({"T-SSE-5", Level::Interop, kAllRevisions, kLegacy,
                 "Each GET gets its own POST URI (a session discriminator).", kSpec, [](CaseContext& ctx) {
                     auto a = ctx.open({.initialize = false});
                     auto b = ctx.open({.initialize = false});
                     if (!a.session || !b.session) return noSession(ctx, a.session ? b : a);
                     if (a.session->endpointTarget == b.session->endpointTarget)
                         return Outcome::fail("two GETs -> two endpoints", "both got " + a.session->endpointData);
                     return Outcome::pass("two GETs -> two endpoints", a.session->endpointData + " / " + b.session->endpointData);
                 }});

    catalog.add({"T-SSE-6", Level::Must, kAllRevisions, kLegacy,
                 "Server messages arrive as SSE `message` events, one JSON-RPC message per data.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(requestBody("\"tsse6\"", "ping"));
                     std::string expected = "event: message, data: {\"jsonrpc\":\"2.0\",\"id\":\"tsse6\",\"result\":{}}";
                     if (!reply.response) return Outcome::inconclusive(expected, "the ping got no answer anywhere (U-PING-1 reports it): " + reply.describe());
                     if (reply.response->via != "legacy-sse")
                         return Outcome::fail(expected, "the response came in the POST body, not as an SSE message event: " + reply.describe());
                     for (const auto& e : opened.session->standingStream.events)
                         if (e.data.find("tsse6") != std::string::npos) {
                             if (e.type != "message") return Outcome::fail(expected, "event type " + e.type);
                             return Outcome::pass(expected, "event: message, data: " + excerpt(e.data, 120));
                         }
                     return Outcome::fail(expected, "the response was not found among the stream's events");
                 }});

    // INTEROP (digest): 202 and a body that is not the JSON-RPC response are what the SDKs do. A
    // response that does not arrive on the stream at all breaks T-SSE-6's MUST and is graded there.
    catalog.add({"T-SSE-7", Level::Interop, kAllRevisions, kLegacy,
                 "An accepted POST gets 2xx (202 preferred) and never carries the JSON-RPC response in its body.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(requestBody("\"tsse7\"", "ping"));
                     std::string expected = "202, body not the JSON-RPC response (which comes on the stream)";
                     if (!is2xx(reply.httpStatus)) return Outcome::fail(expected, reply.describe());
                     for (const auto& m : reply.messages)
                         if (m.via == "post-body") return Outcome::fail(expected, "the POST body is a JSON-RPC message: " + excerpt(reply.body, 200));
                     if (reply.httpStatus != 202) return Outcome::warn(expected, "HTTP " + std::to_string(reply.httpStatus) + " (202 preferred)");
                     return Outcome::pass(expected, "HTTP 202, body " + excerpt(reply.body, 40));
                 }});

    catalog.add({"T-SSE-8", Level::Interop, kAllRevisions, kLegacy,
                 "A POST without a session discriminator gets 400.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.initialize = false});
                     if (!opened.session) return noSession(ctx, opened);
                     return statusIn(postTo(ctx, withQuery(opened.session->endpointTarget, ""), requestBody("1", "ping")), {400},
                                     "POST to the bare message path -> 400");
                 }});

    catalog.add({"T-SSE-9", Level::Interop, kAllRevisions, kLegacy,
                 "A POST for an unknown session gets 404.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.initialize = false});
                     if (!opened.session) return noSession(ctx, opened);
                     auto target = withSessionValue(opened.session->endpointTarget, randomHex(32));
                     return statusIn(postTo(ctx, target, requestBody("1", "ping")), {404}, "POST ?sessionId=<random> -> 404");
                 }});

    catalog.add({"T-SSE-10", Level::Interop, kAllRevisions, kLegacy,
                 "Once the GET stream closes, its endpoint stops accepting messages (404).", kSpec, [](CaseContext& ctx) {
                     return endpointAfterStreamCloses(ctx, "1", "POST after close -> 404");
                 }});

    catalog.add({"T-SSE-11", Level::Interop, kAllRevisions, kLegacy,
                 "A non-application/json Content-Type gets 400 or 415.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     return statusIn(postTo(ctx, opened.session->endpointTarget, requestBody("1", "ping"), "text/plain"), {400, 415},
                                     "Content-Type: text/plain -> 400 or 415");
                 }});

    catalog.add({"T-SSE-12", Level::Interop, kAllRevisions, kLegacy,
                 "A body that is invalid JSON or not JSON-RPC gets 400, never a 5xx.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     for (const std::string body : {"{", R"({"foo":1})"}) {
                         auto result = postTo(ctx, opened.session->endpointTarget, body);
                         if (result.status() != 400) return Outcome::fail(body + " -> 400", describeHttp(result));
                     }
                     return Outcome::pass("invalid bodies -> 400", "both refused with 400");
                 }});

    catalog.add({"T-SSE-13", Level::Must, kAllRevisions, kLegacy,
                 "Origin is validated on GET and POST: a foreign Origin gets 4xx, no Origin is fine.", kSpec,
                 [](CaseContext& ctx) {
                     // "Servers MUST validate the Origin header on all incoming connections": a foreign Origin
                     // that is served was not validated. Requests without an Origin are the baseline.
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SessionOptions evil;
                     evil.extraHeaders.push_back({"Origin", "http://evil.example"});
                     evil.initialize = false;
                     auto get = ctx.open(evil);
                     std::string expected = "Origin: http://evil.example -> 4xx on GET and POST";
                     if (get.session || get.streamHead.status == 200) return Outcome::fail(expected, "GET: the stream opened");
                     if (!is4xx(get.streamHead.status)) return Outcome::inconclusive(expected, "GET: " + get.error);
                     auto post = postTo(ctx, opened.session->endpointTarget, requestBody("\"tsse13\"", "ping"), "application/json", true,
                                        {{"Origin", "http://evil.example"}});
                     if (is2xx(post.status())) return Outcome::fail(expected, "POST: " + describeHttp(post));
                     if (!is4xx(post.status())) return Outcome::inconclusive(expected, "POST: " + describeHttp(post));
                     return Outcome::pass(expected, "GET " + std::to_string(get.streamHead.status) + ", POST " + std::to_string(post.status()));
                 }});

    catalog.add({"T-SSE-15", Level::Should, kAllRevisions, kLegacy,
                 "Both legacy endpoints require authentication.", kSpec, [](CaseContext& ctx) {
                     if (!ctx.facts.authRequired) return Outcome::skip("the server answers requests without credentials (AU-2 reports it)");
                     SessionOptions none;
                     none.useTargetAuthorization = false;
                     none.initialize = false;
                     auto get = ctx.open(none);
                     if (get.session || get.streamHead.status != 401) return Outcome::fail("GET $SSE without a token -> 401", get.session ? "stream opened" : get.error);
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto post = postTo(ctx, opened.session->endpointTarget, requestBody("1", "ping"), "application/json", false);
                     if (post.status() != 401) return Outcome::fail("POST $EP without a token -> 401", describeHttp(post));
                     return Outcome::pass("both endpoints -> 401 without a token", "GET 401, POST 401");
                 }});

    catalog.add({"T-SSE-16", Level::Must, kAllRevisions, kLegacy,
                 "Messages for a session go only to that session's stream.", kSpec, [](CaseContext& ctx) {
                     auto a = ctx.open();
                     auto b = ctx.open();
                     if (!a.session || !b.session) return noSession(ctx, a.session ? b : a);
                     auto onA = a.session->send(requestBody("\"only-for-a\"", "ping"));
                     auto fence = b.session->request("ping");   // B's stream is read up to its own answer
                     for (const auto& m : b.session->transcript)
                         if (m.text.find("only-for-a") != std::string::npos)
                             return Outcome::fail("A's response never appears on B", "seen on B: " + excerpt(m.text, 200));
                     if (!onA.response || !fence.response)
                         return Outcome::inconclusive("A's response never appears on B", "a ping was not answered on its own stream (A: " + onA.describe() +
                                                                                               "; B: " + fence.describe() + "); U-PING-1 reports it");
                     return Outcome::pass("A's response never appears on B", "A's answer on A, B saw only its own messages");
                 }});

    catalog.add({"T-SSE-17", Level::Should, kAllRevisions, kLegacy,
                 "The session id is chosen by the server; a client-supplied ?sessionId= is ignored.", kSpec,
                 [](CaseContext& ctx) {
                     SessionOptions options;
                     options.initialize = false;
                     options.legacyQuery = "sessionId=attacker";
                     auto opened = ctx.open(options);
                     if (!opened.session) return Outcome::pass("the attacker id is not adopted", "GET refused: " + opened.error);
                     if (opened.session->endpointData.find("attacker") != std::string::npos)
                         return Outcome::fail("the endpoint does not contain attacker", opened.session->endpointData);
                     return Outcome::pass("the attacker id is not adopted", opened.session->endpointData);
                 }});

    catalog.add({"T-SSE-19", Level::Info, kAllRevisions, kLegacy,
                 "Batched (array) POSTs are undefined in 2024-11-05: the behaviour is recorded.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send(R"([{"jsonrpc":"2.0","id":1901,"method":"ping"}])", collect);
                     return Outcome::info("batch behaviour recorded", reply.describe());
                 }});

    catalog.add({"T-SH-49", Level::Should, kFrom2025_03, kLegacy,
                 "A server that wants older clients keeps serving the legacy GET and POST endpoints.", "basic/transports#backwards-compatibility",
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     return Outcome::pass("legacy endpoints served", "GET " + ctx.target.path + " and POST " + opened.session->endpointData);
                 }});

    // The backwards-compatibility section tells clients how to probe and servers what they
    // "should" keep serving; no MUST binds the server: SHOULD (warning). A legacy URL that also
    // serves Streamable HTTP (initialize succeeds there) lets clients pick the new transport.
    catalog.add({"T-SH-50", Level::Should, kFrom2025_03, kLegacy,
                 "POST initialize to the legacy URL fails with a fallback status (400/404/405), and GET then yields `endpoint`.",
                 "basic/transports#backwards-compatibility", [](CaseContext& ctx) {
                     auto request = ctx.newRequest("POST");
                     request.headers.push_back({"Content-Type", "application/json"});
                     request.headers.push_back({"Accept", "application/json, text/event-stream"});
                     request.body = initializeBody(1, ctx.revisionString());
                     auto result = ctx.fetch(request, 16384);
                     bool strict = ctx.revision == mcp::Revision::V2025_11_25;
                     int s = result.status();
                     bool ok = strict ? (s == 400 || s == 404 || s == 405) : is4xx(s);
                     if (is2xx(s) && result.body.find("\"protocolVersion\"") != std::string::npos) {
                         auto out = Outcome::pass("POST $SSE initialize -> a fallback status, or an initialize result (Streamable HTTP there too)", describeHttp(result));
                         out.note = "the legacy URL also serves Streamable HTTP";
                         return out;
                     }
                     std::string expected = strict ? "POST $SSE initialize -> 400, 404 or 405" : "POST $SSE initialize -> 4xx";
                     if (!ok) return Outcome::fail(expected, describeHttp(result));
                     auto opened = ctx.open({.initialize = false});
                     if (!opened.session) return Outcome::fail("then GET $SSE -> endpoint", opened.error);
                     return Outcome::pass(expected, describeHttp(result));
                 }});
}

}  // namespace mcp::conformance
