// Header-echo cases (ECHO-*), the project's own contract: the getToken tool returns exactly
// "User's token: <the Authorization header value the session was opened with>", for tokens of
// every b64token shape and size, and never another session's value.
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include "protocol/bearer.h"

namespace mcp::conformance {
namespace {

const char* kSpec = "project contract: getToken echo (reference server README); RFC 6750 §2.1";
const std::string kPrefix = "User's token: ";

// Describes a mismatch without printing the token: lengths, first differing byte, fingerprints.
std::string describeMismatch(const std::string& expected, const std::string& actual) {
    std::size_t i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
    std::string out = "echoed " + std::to_string(actual.size()) + " bytes (" + mcp::tokenFingerprint(actual) + "), expected " +
                      std::to_string(expected.size()) + " bytes (" + mcp::tokenFingerprint(expected) + "); first difference at byte " +
                      std::to_string(i);
    if (actual.size() < expected.size() && expected.compare(0, actual.size(), actual) == 0) out += " (the echo is a truncated prefix)";
    auto sp = expected.find(' ', kPrefix.size());
    if (sp != std::string::npos && actual == kPrefix + expected.substr(expected.find_first_not_of(' ', sp)))
        out += " (the scheme was stripped)";
    return out;
}

// getToken is called with "arguments":{} so a server that insists on the member (TL-16 judges
// that) still shows its echo.
RpcReply callGetToken(ClientSession& session) { return session.callTool("getToken", obj("{}")); }

// The echo text, or a blocked outcome when the call itself was rejected (TL-5 reports calls).
std::optional<Outcome> rejected(const RpcReply& reply, std::optional<std::string>& text) {
    text = toolText(reply);
    if (!text || toolIsError(reply))
        return Outcome::blocked("getToken {} did not return a result (" + describeAnswer(reply) + "); TL-5 reports tool calls");
    return std::nullopt;
}

// Opens a session with `authorization`, calls getToken, and compares with the exact value.
Outcome expectEcho(CaseContext& ctx, const std::string& authorization, const std::string& what) {
    if (!ctx.facts.hasTool("getToken")) return Outcome::skip("the server has no getToken tool");
    SessionOptions options;
    options.authorization = authorization;
    auto opened = ctx.open(options);
    if (!opened.session) return prerequisiteFailed("a session opened with " + what, opened.error, "AB-1 / AB-5");
    auto reply = callGetToken(*opened.session);
    std::optional<std::string> text;
    if (auto blocked = rejected(reply, text)) return *blocked;
    std::string expected = kPrefix + authorization;
    if (*text != expected) return Outcome::fail("getToken echoes " + what + " exactly", describeMismatch(expected, *text));
    return Outcome::pass("getToken echoes " + what + " exactly", "exact (" + std::to_string(text->size()) + " bytes)");
}

std::string tokenOfLength(CaseContext& ctx, std::size_t n) { return ctx.randomToken(n); }

}  // namespace

void addEchoCases(CaseCatalog& catalog) {
    catalog.add({"ECHO-1", Level::Must, kAllRevisions, kBothTransports,
                 "getToken echoes the exact Authorization header value, including the scheme text.", kSpec,
                 [](CaseContext& ctx) {
                     auto auth = ctx.freshAuthorization();
                     if (!auth) return Outcome::skip("no credentials given (--token) and the server does not accept arbitrary tokens");
                     return expectEcho(ctx, *auth, "the Authorization value");
                 }});

    // Shapes: every b64token character, '=' padding, single-character classes.
    const std::vector<std::pair<std::string, std::string>> shapes = {
        {"all-b64token-chars", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"},
        {"padding-1", "dGVzdA="},
        {"padding-2", "dGVzdHM=="},
        {"padding-many", "abc===="},
        {"punctuation-only", "-._~+/"},
        {"digits-only", "0123456789"},
        {"jwt-like", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"},
    };
    for (const auto& [suffix, token] : shapes) {
        catalog.add({"ECHO-1." + suffix, Level::Must, kAllRevisions, kBothTransports,
                     "getToken echoes a token of shape " + suffix + " exactly.", kSpec, [token = token](CaseContext& ctx) {
                         if (!ctx.facts.acceptsAnyToken) return Outcome::skip("the server accepts only its configured tokens");
                         ctx.secret(token);
                         return expectEcho(ctx, "Bearer " + token, "a " + std::to_string(token.size()) + "-byte token");
                     }});
    }

    // Sizes from 1 byte to 8 KiB.
    for (std::size_t n : {1, 2, 63, 64, 65, 100, 255, 256, 1024, 4096, 8192}) {
        catalog.add({"ECHO-2." + std::to_string(n), Level::Must, kAllRevisions, kBothTransports,
                     "getToken echoes a " + std::to_string(n) + "-byte token exactly (no truncation).", kSpec,
                     [n](CaseContext& ctx) {
                         if (!ctx.facts.acceptsAnyToken) return Outcome::skip("the server accepts only its configured tokens");
                         return expectEcho(ctx, "Bearer " + tokenOfLength(ctx, n), "a " + std::to_string(n) + "-byte token");
                     }});
    }

    catalog.add({"ECHO-3", Level::Must, kAllRevisions, kBothTransports,
                 "Two sessions with two tokens never see each other's token.", kSpec, [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("getToken")) return Outcome::skip("the server has no getToken tool");
                     std::optional<std::string> a, b;
                     if (ctx.facts.acceptsAnyToken) {
                         a = "Bearer " + ctx.randomToken(24);
                         b = "Bearer " + ctx.randomToken(40);
                     } else {
                         a = ctx.target.authorization;
                         b = ctx.target.authorizationAlt;
                     }
                     if (!a || !b) return Outcome::skip("needs two valid tokens (--token and --token-alt)");
                     SessionOptions oa, ob;
                     oa.authorization = a;
                     ob.authorization = b;
                     auto sa = ctx.open(oa);
                     if (!sa.session) return prerequisiteFailed("session A", sa.error);
                     auto sb = ctx.open(ob);
                     if (!sb.session) return prerequisiteFailed("session B", sb.error);
                     // Interleave: A, B, A again after B, B again.
                     const std::vector<std::pair<ClientSession*, std::string>> order = {
                         {sa.session.get(), *a}, {sb.session.get(), *b}, {sa.session.get(), *a}, {sb.session.get(), *b}};
                     for (const auto& [session, auth] : order) {
                         std::optional<std::string> text;
                         if (auto blocked = rejected(callGetToken(*session), text)) return *blocked;
                         auto expected = kPrefix + auth;
                         if (*text != expected) {
                             bool other = *text == kPrefix + (auth == *a ? *b : *a);
                             return Outcome::fail("each session's getToken echoes its own token",
                                                  (other ? "echoed the OTHER session's token: " : "") + describeMismatch(expected, *text));
                         }
                     }
                     return Outcome::pass("each session's getToken echoes its own token", "4 interleaved calls exact");
                 }});

    const std::vector<std::pair<std::string, std::string>> schemes = {
        {"lowercase-scheme", "bearer "}, {"uppercase-scheme", "BEARER "}, {"two-spaces", "Bearer  "}};
    for (const auto& [suffix, prefix] : schemes) {
        catalog.add({"ECHO-4." + suffix, Level::Must, kAllRevisions, kBothTransports,
                     "getToken echoes the header value verbatim when the scheme is spelled \"" + prefix + "\".", kSpec,
                     [prefix = prefix](CaseContext& ctx) {
                         std::optional<std::string> token;
                         if (ctx.facts.acceptsAnyToken) token = ctx.randomToken(20);
                         else if (auto parsed = mcp::parseBearerCredentials(ctx.target.authorization.value_or("")); parsed.ok()) token = parsed.token;
                         if (!token) return Outcome::skip("no bearer token to vary");
                         auto outcome = expectEcho(ctx, prefix + *token, "\"" + prefix + "<token>\"");
                         if (outcome.verdict == Verdict::Blocked && outcome.note.find("a session opened") == 0)
                             return Outcome::skip("the server refuses this spelling (AB-2 / AB-3 judge that)");
                         return outcome;
                     }});
    }

    catalog.add({"ECHO-5", Level::Must, kAllRevisions, kBothTransports,
                 "getToken keeps echoing the same value for the whole session.", kSpec, [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("getToken")) return Outcome::skip("the server has no getToken tool");
                     auto auth = ctx.freshAuthorization();
                     if (!auth) return Outcome::skip("no credentials to use");
                     SessionOptions options;
                     options.authorization = auth;
                     auto opened = ctx.open(options);
                     if (!opened.session) return noSession(ctx, opened);
                     auto other = knownGoodCall(ctx);
                     for (int i = 0; i < 5; ++i) {
                         if (other && other->name != "getToken") callFixtureTool(*opened.session, *other);
                         std::optional<std::string> text;
                         if (auto blocked = rejected(callGetToken(*opened.session), text)) return *blocked;
                         if (*text != kPrefix + *auth)
                             return Outcome::fail("the same exact echo on every call", "call " + std::to_string(i + 1) + ": " + describeMismatch(kPrefix + *auth, *text));
                     }
                     return Outcome::pass("the same exact echo on every call", "5 calls" + (other && other->name != "getToken" ? ", interleaved with " + other->name : std::string()));
                 }});
}

}  // namespace mcp::conformance
