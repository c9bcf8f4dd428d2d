// Authorization cases: MCP authorization (AU), RFC 6750 bearer usage (AB) and RFC 9728
// protected resource metadata (PRM). The "entry request" is the request that starts a
// session on the target's transport: POST initialize (Streamable HTTP) or GET $SSE (legacy).
#include "conformance/case_helpers.h"
#include "conformance/www_authenticate.h"

#include "protocol/bearer.h"

#include <Poco/URI.h>

namespace mcp::conformance {
namespace {

const char* kAuthSpec = "basic/authorization";
const char* kBearerSpec = "RFC 6750 §2.1, §3; RFC 9110 §11";
const char* kPrmSpec = "RFC 9728";

struct Answer {
    HttpResult http;
    int status() const { return http.status(); }
    std::optional<std::string> challenge() const { return http.header("WWW-Authenticate"); }
    std::string describe() const {
        auto out = describeHttp(http);
        if (auto c = challenge()) out += ", WWW-Authenticate: " + *c;
        return out;
    }
};

// The entry request with exactly this Authorization value (nullopt: no header).
Answer entry(CaseContext& ctx, const std::optional<std::string>& authorization, const std::string& querySuffix = "") {
    OutgoingRequest request = ctx.newRequest(ctx.legacy() ? "GET" : "POST", std::nullopt, false);
    if (!querySuffix.empty()) request.target += (request.target.find('?') == std::string::npos ? "?" : "&") + querySuffix;
    if (authorization) request.headers.push_back({"Authorization", *authorization});
    if (ctx.legacy()) {
        request.headers.push_back({"Accept", "text/event-stream"});
    } else {
        request.headers.push_back({"Content-Type", "application/json"});
        request.headers.push_back({"Accept", "application/json, text/event-stream"});
        request.body = initializeBody(1, ctx.revisionString());
    }
    Answer answer;
    auto opened = ctx.http.open(request, ctx.target.timeout);
    if (!opened.stream) {
        answer.http.error = opened.error;
        answer.http.connectFailed = opened.connectFailed;
        return answer;
    }
    answer.http.ok = true;
    answer.http.head = opened.stream->head();
    // A 2xx legacy answer is an endless stream: the head is all we need.
    if (ctx.legacy() && is2xx(answer.http.head.status)) return answer;
    auto deadline = Clock::now() + std::min(ctx.target.timeout, milliseconds(2000));
    while (answer.http.body.size() < 16384) {
        auto status = opened.stream->read(answer.http.body, remaining(deadline));
        if (status == ReadStatus::End) answer.http.complete = true;
        if (status != ReadStatus::Data) break;
    }
    return answer;
}

bool accepted(const Answer& a) { return is2xx(a.status()); }

std::optional<std::string> tokenOf(const std::optional<std::string>& authorization) {
    if (!authorization) return std::nullopt;
    auto parsed = mcp::parseBearerCredentials(*authorization);
    if (parsed.ok()) return parsed.token;
    return std::nullopt;
}

// A valid bearer token to build variants from: random when any token is accepted.
std::optional<std::string> validToken(CaseContext& ctx) {
    if (ctx.facts.acceptsAnyToken) return ctx.randomToken(32);
    return tokenOf(ctx.target.authorization);
}

// Auth rows apply to what the server does, not to what the user passed: a server that answers
// requests without credentials (MCP makes authorization optional) is not graded on them, and
// passing --token does not change that. AU-2 reports the finding once.
std::optional<Outcome> notProtected(CaseContext& ctx) {
    if (ctx.facts.authRequired) return std::nullopt;
    return Outcome::skip("the server answers requests without credentials (authorization is optional in MCP); AU-2 reports it");
}

// The RFC 9728 discovery rows apply to a server that implements MCP authorization discovery.
// "When supported, implementations using an HTTP-based transport SHOULD conform to this
// specification" (basic/authorization): a protected server with a custom bearer scheme and no
// metadata misses that SHOULD once (AU-2), not each MUST inside the specification it does not claim.
std::optional<Outcome> noDiscovery(CaseContext& ctx) {
    if (auto skip = notProtected(ctx)) return skip;
    if (ctx.facts.publishesAuthMetadata) return std::nullopt;
    return Outcome::skip("the server publishes no RFC 9728 protected resource metadata (no resource_metadata in its 401, no "
                         "well-known document): it does not implement MCP authorization discovery; AU-2 reports it");
}

// Credentials that must not be accepted: 401 (invalid_token) or 400 (invalid_request) pass. Being
// served is the deviation. Another refusal still does not accept them; the status is RFC 6750
// §3.1's SHOULD, so it warns.
Outcome expectRefused(const Answer& a, const std::string& what) {
    std::string expected = what + " -> 401 (or 400)";
    if (a.status() == 401 || a.status() == 400) return Outcome::pass(expected, a.describe());
    if (accepted(a)) return Outcome::fail(expected, a.describe());
    if (!a.http.ok) return Outcome::inconclusive(expected, "no answer: " + a.describe());
    return Outcome::warn(expected, "refused, but not with 401 or 400 (RFC 6750 §3.1): " + a.describe());
}

// "401 Unauthorized" where authorization is required and not proven: an MCP authorization MUST
// (basic/authorization §Error Handling). A server that does not implement MCP authorization
// (no RFC 9728 metadata; AU-2 reports it) is bound by RFC 6750/9110 only, where 401 is the
// defined status but no MUST: another refusal warns there. Being served always fails.
Outcome expect401(CaseContext& ctx, int status, const std::string& detail, const std::string& expected) {
    if (status == 401) return Outcome::pass(expected, detail);
    if (is2xx(status)) return Outcome::fail(expected, detail);
    if (!status) return Outcome::inconclusive(expected, "no answer: " + detail);
    if (ctx.facts.publishesAuthMetadata) return Outcome::fail(expected, detail);
    return Outcome::warn(expected, "refused with another status (401 is an MCP authorization MUST; the server implements no MCP "
                                   "authorization discovery, AU-2): " + detail);
}

Outcome expectAccepted(const Answer& a, const std::string& what) {
    std::string expected = what + " -> accepted (2xx)";
    if (accepted(a)) return Outcome::pass(expected, a.describe());
    return Outcome::fail(expected, a.describe());
}

// The PRM document URL: the 401's resource_metadata, else the root well-known location.
struct Prm {
    std::string url;            // absolute
    bool fromChallenge = false;
    HttpResult http;
    Poco::JSON::Object::Ptr document;
    std::string problem;        // why it could not be fetched
};

Prm fetchPrm(CaseContext& ctx) {
    Prm prm;
    auto a = entry(ctx, std::nullopt);
    std::optional<std::string> fromChallenge;
    if (auto c = a.challenge()) {
        auto parsed = parseChallenges(*c);
        if (parsed.ok && parsed.bearer()) fromChallenge = parsed.bearer()->param("resource_metadata");
    }
    prm.fromChallenge = fromChallenge.has_value();
    prm.url = fromChallenge.value_or(ctx.target.origin.toString() + "/.well-known/oauth-protected-resource");
    try {
        Poco::URI uri(prm.url);
        if (uri.getScheme() != ctx.target.origin.scheme || uri.getHost() != ctx.target.origin.host || uri.getPort() != ctx.target.origin.port) {
            prm.problem = "the metadata is on another origin (" + prm.url + "); the suite only talks to the target";
            return prm;
        }
        auto request = ctx.newRequest("GET", uri.getPathEtc(), false);
        request.headers.push_back({"Accept", "application/json"});
        prm.http = ctx.fetch(request, 65536);
        prm.document = parseObject(prm.http.body);
    } catch (const std::exception& e) {
        prm.problem = std::string("resource_metadata is not a URL: ") + e.what();
    }
    return prm;
}

struct RefusedVector {
    std::string suffix;
    std::string authorization;   // the Authorization value sent
};

}  // namespace

namespace {

// 8.1 MCP authorization (AU-*)
void addMcpAuthorizationCases(CaseCatalog& catalog) {
    catalog.add({"AU-1", Level::May, kAllRevisions, kBothTransports,
                 "2024-11-05 has no MCP auth spec; a protected server is profiled with AU-3..AU-6 and AB.", kAuthSpec,
                 [](CaseContext& ctx) {
                     return Outcome::info("auth profile", ctx.facts.authRequired ? "credentials required" : "no credentials required");
                 }});

    catalog.add({"AU-2", Level::Should, kFrom2025_03, kBothTransports,
                 "Auth is optional; a server that supports it follows the MCP authorization spec.", kAuthSpec,
                 [](CaseContext& ctx) {
                     std::string expected = "a server with authorization follows the MCP authorization specification (RFC 9728 discovery)";
                     if (!ctx.facts.authRequired)
                         return Outcome::info(expected, "the server answers requests without credentials (authorization is optional in MCP): "
                                                        "the authorization rows (AU, AB, PRM, H-3/H-7/H-8, T-SH-42, SEC-1, SEC-3) are skipped");
                     std::string profile = std::string("credentials required") + (ctx.facts.acceptsAnyToken ? ", any well-formed token accepted" : "");
                     if (!ctx.facts.publishesAuthMetadata)
                         return Outcome::fail(expected, profile + ", but no RFC 9728 protected resource metadata (a custom bearer scheme): "
                                                                  "the discovery rows AU-7..AU-11, AU-16 and PRM-* are skipped");
                     return Outcome::pass(expected, profile + ", RFC 9728 metadata published");
                 }});

    // AU-3: one case per request kind that must be refused without credentials.
    struct NoAuthVector {
        std::string suffix;
        TransportSet transports;
    };
    for (const auto& v : std::vector<NoAuthVector>{{"entry", kBothTransports},
                                                   {"session-request", kBothTransports},
                                                   {"get-stream", kStreamable},
                                                   {"delete", kStreamable}}) {
        catalog.add({"AU-3." + v.suffix, Level::Must, kFrom2025_03, v.transports,
                     "A protected endpoint answers 401 when no Authorization is sent (" + v.suffix + ").", kAuthSpec,
                     [v](CaseContext& ctx) {
                         if (auto skip = notProtected(ctx)) return *skip;
                         if (v.suffix == "entry") {
                             auto a = entry(ctx, std::nullopt);
                             std::string expected = std::string(ctx.legacy() ? "GET $SSE" : "POST initialize") + " without Authorization -> 401";
                             return expect401(ctx, a.status(), a.describe(), expected);
                         }
                         auto opened = ctx.open();
                         if (!opened.session) return noSession(ctx, opened);
                         auto& s = *opened.session;
                         int status = 0;
                         std::string detail;
                         if (v.suffix == "session-request") {
                             SendOptions none;
                             none.authorization = "";
                             none.timeout = std::min(ctx.target.timeout, milliseconds(2000));
                             auto reply = s.send(requestBody("301", "tools/list"), none);
                             status = reply.httpStatus;
                             detail = reply.describe();
                         } else {
                             auto headers = s.sessionHeaders();
                             headers.remove("Authorization");
                             auto request = ctx.newRequest(v.suffix == "delete" ? "DELETE" : "GET", std::nullopt, false);
                             request.headers = headers;
                             if (v.suffix == "get-stream") request.headers.push_back({"Accept", "text/event-stream"});
                             auto result = fetchAll(ctx.http, request, ctx.target.timeout, 4096);
                             status = result.status();
                             detail = describeHttp(result);
                         }
                         return expect401(ctx, status, detail, v.suffix + " without Authorization -> 401");
                     }});
    }

    catalog.add({"AU-4", Level::Must, kFrom2025_03, kBothTransports,
                 "Invalid or malformed tokens get 401.", kAuthSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto malformed = entry(ctx, std::string("Bearer tok\"en"));
                     if (malformed.status() != 401 && malformed.status() != 400) return expectRefused(malformed, "Bearer tok\"en");
                     if (!ctx.facts.acceptsAnyToken) {
                         auto random = entry(ctx, "Bearer " + ctx.randomToken(30));
                         if (random.status() != 401) return expect401(ctx, random.status(), random.describe(), "a never-issued token -> 401");
                     }
                     return Outcome::pass("invalid tokens -> 401", malformed.describe());
                 }});

    catalog.add({"AU-5", Level::Must, kFrom2025_03, kBothTransports,
                 "401 for missing/invalid authorization, 403 for insufficient scope, 400 for malformed requests.", kAuthSpec,
                 [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("admin_tool")) return Outcome::skip("needs the admin_tool fixture and a low-scope token");
                     return Outcome::unsupported("scope fixtures are not driven by this version");
                 },
                 false, "scope fixtures are not driven by this version"});

    catalog.add({"AU-6", Level::Must, kFrom2025_03, kBothTransports,
                 "Every request is authorized, not just initialize: a session id is not a credential.", kAuthSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     std::string seen;
                     for (const std::string bad : {"", "Bearer tok\"en"}) {
                         SendOptions options;
                         options.authorization = bad;
                         options.timeout = std::min(ctx.target.timeout, milliseconds(2000));
                         auto reply = opened.session->send(requestBody(bad.empty() ? "601" : "602", "ping"), options);
                         std::string what = bad.empty() ? "a session request without Authorization" : "a session request with a malformed token";
                         // "MCP servers that implement authorization MUST verify all inbound requests" and
                         // "MUST NOT use sessions for authentication": a refusal of any kind verifies (which
                         // status is AU-3's); being served does not.
                         if ((reply.response && reply.response->isResult()) || is2xx(reply.httpStatus))
                             return Outcome::fail(what + " -> refused", "served: " + reply.describe());
                         if (!reply.httpStatus) return Outcome::inconclusive(what + " -> refused", "no answer: " + reply.describe());
                         seen += (seen.empty() ? "" : ", ") + std::to_string(reply.httpStatus);
                     }
                     return Outcome::pass("session requests without valid credentials -> refused", "HTTP " + seen);
                 }});

    catalog.add({"AU-7", Level::Must, kFrom2025_06, kBothTransports,
                 "A 401 carries WWW-Authenticate: Bearer resource_metadata=\"<PRM URL>\" that resolves (2025-11-25: or a well-known PRM).",
                 kAuthSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     std::string expected = "resource_metadata in the challenge, and the URL answers 200";
                     if (!prm.fromChallenge && ctx.revision != mcp::Revision::V2025_11_25)
                         return Outcome::fail(expected, "no resource_metadata parameter: " + entry(ctx, std::nullopt).describe());
                     if (prm.http.status() != 200) return Outcome::fail(expected, "GET " + prm.url + ": " + describeHttp(prm.http));
                     return Outcome::pass(expected, (prm.fromChallenge ? "resource_metadata=" : "well-known ") + prm.url + " -> 200");
                 }});

    catalog.add({"AU-8", Level::Should, kOnly2025_11, kBothTransports,
                 "The 401 challenge includes a scope parameter.", kAuthSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto a = entry(ctx, std::nullopt);
                     auto parsed = parseChallenges(a.challenge().value_or(""));
                     if (parsed.bearer() && parsed.bearer()->param("scope")) return Outcome::pass("scope=\"...\" in the challenge", a.describe());
                     return Outcome::fail("scope=\"...\" in the challenge", a.describe());
                 }});

    catalog.add({"AU-9", Level::Must, kFrom2025_06, kBothTransports,
                 "The PRM's authorization_servers lists at least one absolute issuer URL.", kAuthSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     auto servers = getArray(prm.document, "authorization_servers");
                     std::string expected = "authorization_servers: a non-empty array of absolute URLs";
                     if (!servers || servers->size() == 0) return Outcome::fail(expected, describeHttp(prm.http));
                     for (std::size_t i = 0; i < servers->size(); ++i) {
                         auto v = servers->get(i);
                         if (!isStringVar(v) || v.extract<std::string>().find("://") == std::string::npos)
                             return Outcome::fail(expected, jsonText(servers));
                     }
                     return Outcome::pass(expected, jsonText(servers));
                 }});

    catalog.add({"AU-10", Level::Must, kOnly2025_11, kBothTransports,
                 "The PRM is reachable via resource_metadata, /.well-known/oauth-protected-resource<path> or the root well-known.",
                 kAuthSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (prm.problem.empty() && prm.http.status() == 200) return Outcome::pass("one location answers 200", prm.url);
                     for (const auto& path : {"/.well-known/oauth-protected-resource" + ctx.target.path, std::string("/.well-known/oauth-protected-resource")}) {
                         auto result = ctx.fetch(ctx.newRequest("GET", path, false), 65536);
                         if (result.status() == 200) return Outcome::pass("one location answers 200", path);
                     }
                     return Outcome::fail("one location answers 200", "none did");
                 }});

    catalog.add({"AU-11", Level::Must, kFrom2025_03, kBothTransports,
                 "Discovery documents are served without a token.", kAuthSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     if (prm.http.status() == 401) return Outcome::fail("PRM without a token -> 200", describeHttp(prm.http));
                     if (prm.http.status() == 404 && !prm.fromChallenge) return Outcome::skip("the server publishes no PRM at the root well-known URL");
                     if (prm.http.status() != 200) return Outcome::fail("PRM without a token -> 200", describeHttp(prm.http));
                     return Outcome::pass("PRM without a token -> 200", prm.url);
                 }});

    catalog.add({"AU-12", Level::Must, kFrom2025_03, kBothTransports,
                 "Tokens are validated (expiry, audience, scope, policy): a never-issued token is refused.", kAuthSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     if (ctx.facts.acceptsAnyToken)
                         return Outcome::skip("the server accepts any well-formed token (demo mode): token validation is not observable");
                     return expectRefused(entry(ctx, "Bearer " + ctx.randomToken(32)), "a never-issued token");
                 }});

    catalog.add({"AU-13", Level::Must, kFrom2025_06, kBothTransports,
                 "Tokens issued for another audience are rejected.", kAuthSpec, [](CaseContext&) {
                     return Outcome::skip("needs a wrong-audience token fixture (tok_wrong_aud)");
                 }});

    catalog.add({"AU-15", Level::Must, kFrom2025_03, kBothTransports,
                 "A token in the query string is never honoured (401, with no error parameter).", kAuthSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto token = validToken(ctx);
                     if (!token) return Outcome::skip("no bearer token to place in the query");
                     std::string encoded;
                     Poco::URI::encode(*token, "!#$&'()*+,/:;=?@[]", encoded);
                     auto a = entry(ctx, std::nullopt, "access_token=" + encoded);
                     // OAuth 2.1 §5: resource servers MUST ignore a token in the query. Not honoured = not
                     // served; whether the challenge then names an error is AB-8's to judge (a SHOULD NOT).
                     std::string expected = "?access_token=<token> without the header -> refused (401)";
                     if (accepted(a)) return Outcome::fail(expected, "the query token was honoured: " + a.describe());
                     if (!a.http.ok) return Outcome::inconclusive(expected, "no answer: " + a.describe());
                     return Outcome::pass(expected, a.describe());
                 }});

    catalog.add({"AU-16", Level::Should, kOnly2025_03, kBothTransports,
                 "RFC 8414 AS metadata at /.well-known/oauth-authorization-server (or the default endpoints).", kAuthSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto result = ctx.fetch(ctx.newRequest("GET", "/.well-known/oauth-authorization-server", false), 65536);
                     if (result.status() == 200 && parseObject(result.body)) return Outcome::pass("AS metadata 200", describeHttp(result));
                     auto prm = fetchPrm(ctx);
                     if (prm.http.status() == 200)
                         return Outcome::warn("AS metadata 200", "absent; the server uses RFC 9728 metadata (2025-06-18 style) instead");
                     return Outcome::fail("AS metadata 200", describeHttp(result));
                 }});

    catalog.add({"AU-20", Level::Should, kAllRevisions, kLegacy,
                 "On the legacy transport auth fails before the stream opens: 401 with no SSE body.", kAuthSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     for (const std::optional<std::string>& auth : {std::optional<std::string>(), std::optional<std::string>("Bearer tok\"en")}) {
                         auto a = entry(ctx, auth);
                         std::string expected = std::string(auth ? "a malformed token" : "no token") + " -> 401, not an SSE stream";
                         if (a.status() != 401 || mediaType(a.http.header("Content-Type").value_or("")) == "text/event-stream")
                             return Outcome::fail(expected, a.describe());
                     }
                     return Outcome::pass("401 before any stream", "both refused");
                 }});
}

// 8.2 Bearer token usage, RFC 6750 (AB-*)
void addBearerTokenUsageCases(CaseCatalog& catalog) {
    catalog.add({"AB-1", Level::Must, kFrom2025_03, kBothTransports,
                 "The server supports Authorization: Bearer <token>.", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto auth = ctx.freshAuthorization();
                     if (!auth) return Outcome::skip("no credentials given");
                     return expectAccepted(entry(ctx, auth), "Authorization: Bearer <token>");
                 }});

    for (const auto& [suffix, scheme] : std::vector<std::pair<std::string, std::string>>{
             {"lowercase", "bearer"}, {"uppercase", "BEARER"}, {"mixed-case", "BeArEr"}}) {
        catalog.add({"AB-2." + suffix, Level::Must, kFrom2025_03, kBothTransports,
                     "The scheme name matches case-insensitively (\"" + scheme + "\").", kBearerSpec, [scheme = scheme](CaseContext& ctx) {
                         if (auto skip = notProtected(ctx)) return *skip;
                         auto token = validToken(ctx);
                         if (!token) return Outcome::skip("no bearer token given");
                         return expectAccepted(entry(ctx, scheme + " " + *token), scheme + " <token>");
                     }});
    }

    // RFC 6750's grammar is `"Bearer" 1*SP b64token`: refusing two spaces breaks it. The digest
    // grades this WARNING; the RFC grammar is normative, so this case fails (spec wins).
    catalog.add({"AB-3", Level::Must, kFrom2025_03, kBothTransports,
                 "One or more SP separate the scheme from the token (1*SP).", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto token = validToken(ctx);
                     if (!token) return Outcome::skip("no bearer token given");
                     return expectAccepted(entry(ctx, "Bearer  " + *token), "Bearer<SP><SP><token>");
                 }});

    // Refusing a malformed credential is RFC 6750 §3.1's SHOULD (invalid_request, 400); the token
    // itself is valid, so accepting it grants nothing the client could not have: SHOULD.
    catalog.add({"AB-3.tab", Level::Should, kFrom2025_03, kBothTransports,
                 "HTAB is not SP: Bearer<HTAB><token> is refused.", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto token = validToken(ctx);
                     if (!token) return Outcome::skip("no bearer token given");
                     return expectRefused(entry(ctx, "Bearer\t" + *token), "Bearer<HTAB><token>");
                 }});

    catalog.add({"AB-4", Level::Must, kFrom2025_03, kBothTransports,
                 "Leading and trailing whitespace in the field is not part of the value.", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto token = validToken(ctx);
                     if (!token) return Outcome::skip("no bearer token given");
                     return expectAccepted(entry(ctx, "  Bearer " + *token + "  "), "Authorization:<SP><SP>Bearer <token><SP><SP>");
                 }});

    const std::vector<RefusedVector> refused = {
        {"space-in-token", "Bearer to ken"}, {"comma", "Bearer tok,en"}, {"quote", "Bearer tok\"en"},
        {"leading-padding", "Bearer =abc"}, {"inner-padding", "Bearer ab=c"}, {"percent", "Bearer tok%20en"},
        {"non-ascii", "Bearer t\xc3\xb8ken"}, {"empty-token", "Bearer "}, {"no-token", "Bearer"},
        {"other-scheme", "Basic dXNlcjpwYXNz"}};
    for (const auto& v : refused) {
        catalog.add({"AB-5." + v.suffix, Level::Must, kFrom2025_03, kBothTransports,
                     "Credentials outside the b64token grammar are refused (" + v.suffix + ").", kBearerSpec, [v](CaseContext& ctx) {
                         if (auto skip = notProtected(ctx)) return *skip;
                         return expectRefused(entry(ctx, v.authorization), "Authorization: " + v.authorization);
                     }});
    }

    catalog.add({"AB-5.b64-charset", Level::Must, kFrom2025_03, kBothTransports,
                 "Tokens using -._~+/ and trailing == are accepted.", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     if (!ctx.facts.acceptsAnyToken) return Outcome::skip("the server accepts only its configured tokens");
                     auto token = "a-b.c_d~e+f/g" + ctx.randomToken(8) + "==";
                     ctx.secret(token);
                     return expectAccepted(entry(ctx, "Bearer " + token), "Bearer a-b.c_d~e+f/g...==");
                 }});

    catalog.add({"AB-6", Level::Must, kFrom2025_03, kBothTransports,
                 "Token comparison is exact and case-sensitive.", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     if (ctx.facts.acceptsAnyToken) return Outcome::skip("the server accepts any well-formed token (demo mode)");
                     auto token = tokenOf(ctx.target.authorization);
                     if (!token) return Outcome::skip("no bearer token given");
                     auto flipped = *token;
                     for (auto& c : flipped)
                         if (std::isalpha(static_cast<unsigned char>(c))) {
                             c = std::isupper(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : static_cast<char>(std::toupper(c));
                             break;
                         }
                     if (flipped == *token) return Outcome::skip("the token has no letter to flip");
                     ctx.secret(flipped);
                     return expectRefused(entry(ctx, "Bearer " + flipped), "the token with one letter's case flipped");
                 }});

    catalog.add({"AB-7", Level::Must, kFrom2025_03, kBothTransports,
                 "Every 401 has a WWW-Authenticate whose Bearer challenge has at least one auth-param.", kBearerSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     std::size_t challenges = 0;
                     for (const std::optional<std::string>& auth : {std::optional<std::string>(), std::optional<std::string>("Bearer tok\"en"),
                                                                    std::optional<std::string>("Basic dXNlcjpwYXNz")}) {
                         auto a = entry(ctx, auth);
                         if (a.status() != 401) continue;
                         ++challenges;
                         std::string expected = "401 with WWW-Authenticate: Bearer <auth-params>";
                         auto header = a.challenge();
                         if (!header) return Outcome::fail(expected, "no WWW-Authenticate: " + a.describe());
                         auto parsed = parseChallenges(*header);
                         if (!parsed.ok) return Outcome::fail(expected, "unparseable challenge (" + parsed.error + "): " + *header);
                         if (!parsed.bearer() || parsed.bearer()->params.empty())
                             return Outcome::fail(expected, "no Bearer challenge with auth-params: " + *header);
                     }
                     if (!challenges) return Outcome::inconclusive("every 401 has a Bearer challenge with auth-params", "no request was answered 401");
                     return Outcome::pass("every 401 has a Bearer challenge with auth-params", entry(ctx, std::nullopt).describe());
                 }});

    catalog.add({"AB-8", Level::Should, kFrom2025_03, kBothTransports,
                 "Without credentials (or with another scheme) the challenge carries no error code.", kBearerSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     for (const std::optional<std::string>& auth : {std::optional<std::string>(), std::optional<std::string>("Basic dXNlcjpwYXNz")}) {
                         auto a = entry(ctx, auth);
                         auto parsed = parseChallenges(a.challenge().value_or(""));
                         if (parsed.bearer() && parsed.bearer()->param("error"))
                             return Outcome::fail("no error= without bearer credentials", a.describe());
                     }
                     return Outcome::pass("no error= without bearer credentials", entry(ctx, std::nullopt).describe());
                 }});

    catalog.add({"AB-9", Level::Should, kFrom2025_03, kBothTransports,
                 "A presented token that fails gets error=\"invalid_token\" with 401 (invalid_request with 400).", kBearerSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto auth = ctx.facts.acceptsAnyToken ? std::string("Bearer =abc") : "Bearer " + ctx.randomToken(30);
                     auto a = entry(ctx, auth);
                     auto parsed = parseChallenges(a.challenge().value_or(""));
                     auto error = parsed.bearer() ? parsed.bearer()->param("error") : std::nullopt;
                     std::string expected = "401 error=\"invalid_token\" (or 400 invalid_request)";
                     if ((a.status() == 401 && error == "invalid_token") || (a.status() == 400 && error.value_or("invalid_request") == "invalid_request"))
                         return Outcome::pass(expected, a.describe());
                     return Outcome::fail(expected, a.describe());
                 }});

    catalog.add({"AB-10", Level::Should, kFrom2025_03, kBothTransports,
                 "A malformed Authorization (\"Bearer a b\") gets 400 invalid_request (401 accepted).", kBearerSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto a = entry(ctx, std::string("Bearer a b"));
                     if (a.status() == 400) return Outcome::pass("400 (preferred) or 401", a.describe());
                     if (a.status() == 401) {
                         auto out = Outcome::pass("400 (preferred) or 401", a.describe());
                         out.note = "401 is accepted; RFC 6750 prefers 400 invalid_request";
                         return out;
                     }
                     return Outcome::fail("400 (preferred) or 401", a.describe());
                 }});

    catalog.add({"AB-11", Level::Should, kFrom2025_03, kBothTransports,
                 "insufficient_scope goes with 403 and may include scope.", kBearerSpec, [](CaseContext&) {
                     return Outcome::skip("needs a low-scope token fixture");
                 }});

    catalog.add({"AB-12", Level::Must, kFrom2025_03, kBothTransports,
                 "Within a challenge realm, scope, error, error_description, error_uri appear at most once, with valid characters.",
                 kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     std::size_t judged = 0;
                     for (const std::optional<std::string>& auth : {std::optional<std::string>(), std::optional<std::string>("Bearer tok\"en")}) {
                         auto a = entry(ctx, auth);
                         auto header = a.challenge();
                         if (!header) continue;
                         auto parsed = parseChallenges(*header);
                         if (!parsed.ok) return Outcome::fail("a parseable challenge", parsed.error + ": " + *header);
                         const auto* bearer = parsed.bearer();
                         if (!bearer) continue;
                         ++judged;
                         for (const auto* name : {"realm", "scope", "error", "error_description", "error_uri"})
                             if (bearer->count(name) > 1) return Outcome::fail(std::string(name) + " at most once", *header);
                         for (const auto* name : {"error", "error_description"})
                             if (auto v = bearer->param(name))
                                 for (unsigned char c : *v)
                                     if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
                                         return Outcome::fail(std::string(name) + " uses %x20-21 / %x23-5B / %x5D-7E", *header);
                     }
                     if (!judged) return Outcome::inconclusive("well-formed challenge parameters", "no Bearer challenge was observed");
                     return Outcome::pass("well-formed challenge parameters", entry(ctx, std::nullopt).describe());
                 }});

    catalog.add({"AB-14", Level::Info, kFrom2025_03, kBothTransports,
                 "401 and 403 answers carry Cache-Control: no-store.", kBearerSpec, [](CaseContext& ctx) {
                     if (auto skip = notProtected(ctx)) return *skip;
                     auto a = entry(ctx, std::nullopt);
                     auto cc = a.http.header("Cache-Control");
                     if (cc && cc->find("no-store") != std::string::npos) return Outcome::pass("Cache-Control: no-store", *cc);
                     return Outcome::warn("Cache-Control: no-store", cc.value_or("absent"));
                 }});
}

// 8.3 Protected Resource Metadata, RFC 9728 (PRM-*)
void addProtectedResourceMetadataCases(CaseCatalog& catalog) {
    catalog.add({"PRM-1", Level::Must, kFrom2025_06, kBothTransports,
                 "A PRM answer is 200 with application/json and a JSON object body.", kPrmSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     if (prm.http.status() != 200) return Outcome::skip("no PRM document is served (graded by AU-7, AU-10, AU-11): " + describeHttp(prm.http));
                     std::string expected = "200 application/json {...}";
                     if (prm.http.status() != 200 || mediaType(prm.http.header("Content-Type").value_or("")) != "application/json" || !prm.document)
                         return Outcome::fail(expected, describeHttp(prm.http));
                     return Outcome::pass(expected, describeHttp(prm.http));
                 }});

    catalog.add({"PRM-2", Level::Must, kFrom2025_06, kBothTransports,
                 "resource is present: an absolute https URL (http://localhost in tests) without a fragment.", kPrmSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     if (prm.http.status() != 200) return Outcome::skip("no PRM document is served (graded by AU-7, AU-10, AU-11): " + describeHttp(prm.http));
                     auto resource = getString(prm.document, "resource");
                     std::string expected = "resource: absolute URL, no fragment";
                     if (!resource) return Outcome::fail(expected, describeHttp(prm.http));
                     bool local = resource->rfind("http://127.0.0.1", 0) == 0 || resource->rfind("http://localhost", 0) == 0 || resource->rfind("http://[::1]", 0) == 0;
                     if ((resource->rfind("https://", 0) != 0 && !local) || resource->find('#') != std::string::npos)
                         return Outcome::fail(expected, *resource);
                     return Outcome::pass(expected, *resource);
                 }});

    catalog.add({"PRM-3", Level::Must, kFrom2025_06, kBothTransports,
                 "A PRM fetched from a derived well-known location names the resource it was derived from.", kPrmSpec,
                 [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto path = "/.well-known/oauth-protected-resource" + ctx.target.path;
                     auto result = ctx.fetch(ctx.newRequest("GET", path, false), 65536);
                     // RFC 9728 §3.3 binds a document served from the derived location; an answer without
                     // one (404, 401, another refusal) is AU-10's and AU-11's to judge.
                     if (result.status() != 200) return Outcome::skip("no PRM served at " + path + " (" + describeHttp(result) + "; see AU-10, AU-11)");
                     auto resource = getString(parseObject(result.body), "resource");
                     auto identifier = ctx.target.origin.toString() + ctx.target.path;
                     if (result.status() != 200 || !resource) return Outcome::fail("200 with resource " + identifier, describeHttp(result));
                     if (*resource != identifier) return Outcome::fail("resource == " + identifier, *resource);
                     return Outcome::pass("resource == " + identifier, *resource);
                 }});

    catalog.add({"PRM-4", Level::Must, kFrom2025_06, kBothTransports,
                 "The PRM reached through resource_metadata names the requested URL as its resource (prefix: warning).",
                 kPrmSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     if (!prm.fromChallenge) return Outcome::skip("the 401 has no resource_metadata parameter");
                     auto resource = getString(prm.document, "resource").value_or("");
                     auto requested = ctx.target.origin.toString() + ctx.target.path;
                     if (resource == requested || resource == ctx.target.url()) return Outcome::pass("resource == " + requested, resource);
                     std::string origin = ctx.target.origin.toString();
                     auto trimmed = resource;
                     while (trimmed.size() > origin.size() && trimmed.back() == '/') trimmed.pop_back();
                     if (requested.rfind(trimmed, 0) == 0 && trimmed.rfind(origin, 0) == 0)
                         return Outcome::warn("resource == " + requested, resource + " (a same-origin prefix, Appendix B-7)");
                     return Outcome::fail("resource == " + requested, resource);
                 }});

    catalog.add({"PRM-5", Level::Must, kFrom2025_06, kBothTransports,
                 "authorization_servers is non-empty (same as AU-9).", kPrmSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     if (prm.http.status() != 200) return Outcome::skip("no PRM document is served (graded by AU-7, AU-10, AU-11): " + describeHttp(prm.http));
                     auto servers = getArray(prm.document, "authorization_servers");
                     if (!servers || servers->size() == 0) return Outcome::fail("non-empty authorization_servers", describeHttp(prm.http));
                     return Outcome::pass("non-empty authorization_servers", jsonText(servers));
                 }});

    catalog.add({"PRM-6", Level::Should, kFrom2025_06, kBothTransports,
                 "bearer_methods_supported, if present, contains \"header\" and not \"query\".", kPrmSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     auto prm = fetchPrm(ctx);
                     if (!prm.problem.empty()) return Outcome::unsupported(prm.problem);
                     if (prm.http.status() != 200) return Outcome::skip("no PRM document is served (graded by AU-7, AU-10, AU-11): " + describeHttp(prm.http));
                     auto methods = getArray(prm.document, "bearer_methods_supported");
                     if (!methods) return Outcome::pass("header, not query (when present)", "absent");
                     auto text = jsonText(methods);
                     if (text.find("\"header\"") == std::string::npos || text.find("\"query\"") != std::string::npos)
                         return Outcome::fail("header, not query", text);
                     return Outcome::pass("header, not query", text);
                 }});

    catalog.add({"PRM-7", Level::Should, kFrom2025_06, kBothTransports,
                 "resource_metadata stays a quoted absolute URL even with an odd Host header.", kPrmSpec, [](CaseContext& ctx) {
                     if (auto skip = noDiscovery(ctx)) return *skip;
                     OutgoingRequest request = ctx.newRequest(ctx.legacy() ? "GET" : "POST", std::nullopt, false);
                     request.headers.push_back({"Host", ctx.target.origin.host + ":" + std::to_string(ctx.target.origin.port) + "\"x"});
                     if (!ctx.legacy()) {
                         request.headers.push_back({"Content-Type", "application/json"});
                         request.body = initializeBody(1, ctx.revisionString());
                     }
                     auto result = fetchAll(ctx.http, request, milliseconds(1500), 4096);
                     auto header = result.header("WWW-Authenticate");
                     if (!header) return Outcome::pass("a parseable challenge or a refusal", describeHttp(result));
                     auto parsed = parseChallenges(*header);
                     if (!parsed.ok) return Outcome::fail("a parseable challenge", parsed.error + ": " + *header);
                     return Outcome::pass("a parseable challenge", *header);
                 }});
}

}  // namespace

void addAuthCases(CaseCatalog& catalog) {
    addMcpAuthorizationCases(catalog);
    addBearerTokenUsageCases(catalog);
    addProtectedResourceMetadataCases(catalog);
}

}  // namespace mcp::conformance
