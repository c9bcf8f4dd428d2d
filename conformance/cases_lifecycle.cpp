// Lifecycle cases (LC-1 .. LC-15): initialize, version negotiation, capabilities, ordering.
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include <set>

namespace mcp::conformance {
namespace {

const char* kSpec = "basic/lifecycle";

bool knownRevision(const std::string& v) { return mcp::parseRevision(v).has_value(); }

// Streamable HTTP: a server that answers MCP-Protocol-Version: 2099-01-01 with 400 validates the
// header, so serving MCP-Protocol-Version: R means it supports R (T-SH-44: "invalid or unsupported
// ... MUST respond with 400 Bad Request"). Says so for a version initialize answered another one to.
std::optional<std::string> headerShowsSupport(CaseContext& ctx) {
    if (ctx.legacy()) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> others;
    for (const auto& [requested, answered] : ctx.facts.initializeAnswers)
        if (!answered.empty() && answered != requested) others.emplace_back(requested, answered);
    if (others.empty()) return std::nullopt;
    auto opened = ctx.open();
    if (!opened.session) return std::nullopt;
    SendOptions bogus;
    bogus.protocolVersion = "2099-01-01";
    if (opened.session->send(requestBody("\"lc3-bogus\"", "ping"), bogus).httpStatus != 400) return std::nullopt;
    for (const auto& [requested, answered] : others) {
        SendOptions as;
        as.protocolVersion = requested;
        auto reply = opened.session->send(requestBody("\"lc3-" + requested + "\"", "ping"), as);
        if (reply.response && reply.response->isResult())
            return "MCP-Protocol-Version: " + requested + " is served while 2099-01-01 gets 400, so the server supports " + requested +
                   "; yet initialize " + requested + " was answered " + answered;
    }
    return std::nullopt;
}

}  // namespace

namespace {

// Initialization: the initialize result and version negotiation
void addInitializationCases(CaseCatalog& catalog) {
    catalog.add({"LC-1", Level::Must, kAllRevisions, kBothTransports,
                 "The initialize result has protocolVersion, capabilities and serverInfo {name, version}.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     std::string expected = "protocolVersion: string, capabilities: object, serverInfo: {name: string, version: string}";
                     // LC-1 is the case that reports a failing initialize: the others are blocked on it. A
                     // legacy stream or POST endpoint that does not work is its transport case's to report.
                     auto cause = sessionFailureReportedBy(ctx, opened);
                     if (!opened.session && cause != "LC-1" && cause != "LC-10") return noSession(ctx, opened);
                     const auto& reply = opened.initializeReply;
                     if (!reply.response || !reply.response->isResult()) return Outcome::fail(expected, opened.error);
                     auto r = reply.response->result();
                     auto info = getObject(r, "serverInfo");
                     if (!isStringMember(r, "protocolVersion") || !isObjectMember(r, "capabilities") || !info ||
                         !isStringMember(info, "name") || !isStringMember(info, "version"))
                         return Outcome::fail(expected, excerpt(jsonText(r), 400));
                     return Outcome::pass(expected, excerpt(jsonText(r), 200));
                 }});

    catalog.add({"LC-2", Level::May, kAllRevisions, kBothTransports,
                 "Optional initialize fields (instructions, serverInfo.title/description, icons, websiteUrl) have the right types.",
                 kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto r = opened.session->initializeResult;
                     auto info = getObject(r, "serverInfo");
                     for (const auto& key : {"title", "description", "websiteUrl"})
                         if (info && info->has(key) && !isStringMember(info, key))
                             return Outcome::fail(std::string("serverInfo.") + key + " is a string", excerpt(jsonText(info), 200));
                     if (r && r->has("instructions") && !isStringMember(r, "instructions"))
                         return Outcome::fail("instructions is a string", excerpt(jsonText(r), 200));
                     if (info && info->has("icons") && !isArrayMember(info, "icons"))
                         return Outcome::fail("serverInfo.icons is an array", excerpt(jsonText(info), 200));
                     return Outcome::pass("optional fields well-typed", "checked");
                 }});

    catalog.add({"LC-3", Level::Must, kAllRevisions, kBothTransports,
                 "When the server supports the requested version it answers with exactly that version.", kSpec,
                 [](CaseContext& ctx) {
                     // "If the server supports the requested protocol version, it MUST respond with the same
                     // version. Otherwise, the server MUST respond with another protocol version it supports."
                     // Which versions a server supports is seen two ways: every version it answers with (it
                     // must support that one), and, on Streamable HTTP, every MCP-Protocol-Version it serves
                     // while it refuses an unsupported one with 400 (T-SH-44). Asking for such a version and
                     // getting another one back breaks the rule.
                     std::string seen;
                     std::set<std::string> answeredWith;
                     for (const auto& [requested, answered] : ctx.facts.initializeAnswers) {
                         seen += (seen.empty() ? "" : ", ") + requested + " -> " + (answered.empty() ? "failed" : answered);
                         if (!answered.empty()) answeredWith.insert(answered);
                     }
                     std::string expected = "each supported revision answered with itself";
                     for (const auto& [requested, answered] : ctx.facts.initializeAnswers)
                         if (!answered.empty() && answered != requested && answeredWith.count(requested))
                             return Outcome::fail(expected, "initialize " + requested + " was answered " + answered + ", yet the server answers " +
                                                                requested + " to another request, so it supports it: " + seen);
                     if (auto contradiction = headerShowsSupport(ctx))
                         return Outcome::fail(expected, *contradiction + "; initialize answers: " + seen);
                     if (ctx.facts.supportedRevisions == 0)
                         return Outcome::inconclusive(expected, "the server answered another version to every request, so whether it supports "
                                                                "any of them cannot be told: " + seen);
                     return Outcome::pass(expected, seen);
                 }});

    catalog.add({"LC-4", Level::Must, kAllRevisions, kBothTransports,
                 "An unsupported requested version still succeeds, naming a version the server supports.", kSpec,
                 [](CaseContext& ctx) {
                     std::string answered;
                     for (const std::string requested : {"2099-01-01", "1.0.0"}) {
                         SessionOptions options;
                         options.protocolVersion = requested;
                         auto opened = ctx.open(options);
                         std::string expected = "initialize " + requested + " -> success naming a supported version";
                         auto& reply = opened.initializeReply;
                         if (!reply.response || !reply.response->isResult()) {
                             if (reply.response && reply.response->errorCode() == -32602)
                                 return Outcome::warn(expected, "-32602 error (the spec's own example shows one, Appendix B-1): " + describeAnswer(reply));
                             if (!reply.httpStatus) return Outcome::inconclusive(expected, "no answer: " + opened.error);
                             return Outcome::fail(expected, opened.error);
                         }
                         // Another version it supports: not the one asked for (no server supports 2099-01-01 or
                         // 1.0.0), and a version string. A revision this suite does not know is noted, not failed.
                         auto v = getString(reply.response->result(), "protocolVersion").value_or("");
                         if (v.empty() || v == requested) return Outcome::fail(expected, "answered protocolVersion \"" + v + "\"");
                         answered += (answered.empty() ? "" : ", ") + requested + " -> " + v + (knownRevision(v) ? "" : " (a revision this suite does not know)");
                     }
                     return Outcome::pass("success with another, supported version", answered);
                 }});

    catalog.add({"LC-5", Level::Should, kAllRevisions, kBothTransports,
                 "The counter-offer for an unsupported version is the newest version the server supports.", kSpec,
                 [](CaseContext& ctx) {
                     SessionOptions options;
                     options.protocolVersion = "2099-01-01";
                     auto opened = ctx.open(options);
                     if (!opened.session) return Outcome::blocked("initialize 2099-01-01 failed; LC-4 reports it");
                     std::string newest;
                     for (auto r : mcp::kAllRevisions)
                         if (ctx.facts.supportedRevisions & revisionBit(r)) newest = std::string(mcp::toString(r));
                     std::string expected = "counter-offer " + newest;
                     if (opened.session->negotiatedVersion != newest) return Outcome::fail(expected, opened.session->negotiatedVersion);
                     return Outcome::pass(expected, opened.session->negotiatedVersion);
                 }});
}

// Capability negotiation: declared capabilities are the ones used
void addCapabilityNegotiationCases(CaseCatalog& catalog) {
    catalog.add({"LC-6", Level::Must, kAllRevisions, kBothTransports,
                 "A server that offers tools declares the tools capability (listChanged boolean if present).", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     // "Servers that support tools MUST declare the tools capability" (server/tools): a server
                     // that lists a tool supports tools.
                     auto listed = listTools(*opened.session);
                     auto tools = getObject(getObject(opened.session->initializeResult, "capabilities"), "tools");
                     if (!tools) {
                         if (listed.tools.empty())
                             return Outcome::skip("the server declares no tools capability and lists no tool (" + describeAnswer(listed.reply) + ")");
                         return Outcome::fail("capabilities.tools present", std::to_string(listed.tools.size()) + " tools listed, capabilities " +
                                                                                excerpt(jsonText(getObject(opened.session->initializeResult, "capabilities")), 300));
                     }
                     if (tools->has("listChanged") && !isBoolMember(tools, "listChanged"))
                         return Outcome::fail("listChanged is a boolean", jsonText(tools));
                     return Outcome::pass("capabilities.tools present", jsonText(tools));
                 }});

    catalog.add({"LC-7", Level::Must, kAllRevisions, kBothTransports,
                 "A server that emits log notifications declares the logging capability.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     if (auto call = knownGoodCall(ctx)) callFixtureTool(s, *call);
                     if (ctx.facts.hasTool("stream")) s.send(sseProvokingBody(ctx, "\"lc7\""));
                     s.request("tools/list");
                     s.settle();
                     bool logging = isObjectMember(getObject(s.initializeResult, "capabilities"), "logging");
                     if (logging) return Outcome::pass("logs only with capabilities.logging", "logging declared");
                     for (const auto& m : s.transcript)
                         if (m.method() == "notifications/message")
                             return Outcome::fail("no notifications/message without capabilities.logging", excerpt(m.text, 200));
                     return Outcome::inconclusive("logs only with capabilities.logging", "logging is not declared and no log notification was seen");
                 }});

    catalog.add({"LC-8", Level::Must, kAllRevisions, kBothTransports,
                 "The server uses only negotiated capabilities (no sampling/roots/elicitation requests undeclared).", kSpec,
                 [](CaseContext& ctx) {
                     // A client that declares no capability, and the tools that would ask it something.
                     auto asking = openAskingSession(ctx, obj("{}"));
                     if (asking.unmet) return *asking.unmet;
                     auto& s = *asking.opened.session;
                     std::optional<std::string> undeclared;
                     SendOptions refusing;
                     refusing.onMessage = [&](const ReceivedMessage& m) {
                         auto method = m.method();
                         if (m.isRequest() && !undeclared && (method == "sampling/createMessage" || method == "roots/list" || method == "elicitation/create"))
                             undeclared = excerpt(m.text, 200);
                         if (!m.isRequest()) return;
                         SendOptions quiet;
                         quiet.await = SendOptions::Await::Nothing;
                         s.send(method == "ping" ? clientAnswerTo(m) : clientRefusalOf(m), quiet);
                     };
                     for (const auto& t : asking.tools) callFixtureTool(s, t, refusing);
                     s.settle();
                     std::string expected = "no sampling, roots or elicitation request to a client that declared none";
                     if (undeclared) {
                         // "Only use capabilities that were successfully negotiated": SHOULD in 2024-11-05 and
                         // 2025-03-26, MUST from 2025-06-18 (basic/lifecycle §Operation).
                         if (ctx.revisionAtLeast(mcp::Revision::V2025_06_18)) return Outcome::fail(expected, *undeclared);
                         return Outcome::warn(expected + " (SHOULD before 2025-06-18)", *undeclared);
                     }
                     return Outcome::pass(expected, joinedNames(asking.tools) + " called, no undeclared request");
                 }});
}

// Operation: what may happen before and after initialization
void addOperationOrderCases(CaseCatalog& catalog) {
    catalog.add({"LC-9", Level::Should, kAllRevisions, kBothTransports,
                 "Before notifications/initialized the server sends no requests other than ping.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.sendInitialized = false});
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     s.request("ping");
                     if (!s.settle()) return Outcome::inconclusive("only ping before initialized", "the fence ping was not answered");
                     for (const auto& m : s.transcript)
                         if (m.isRequest() && m.method() != "ping")
                             return Outcome::fail("only ping before initialized", excerpt(m.text, 200));
                     return Outcome::pass("only ping before initialized", "no server request before the fence");
                 }});

    catalog.add({"LC-10", Level::Must, kAllRevisions, kBothTransports,
                 "notifications/initialized is accepted without any JSON-RPC reply (Streamable HTTP: 202).", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open({.sendInitialized = false});
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->notify("notifications/initialized");
                     std::string expected = ctx.legacy() ? "2xx and no reply on the stream" : "HTTP 202, empty body";
                     for (const auto& m : reply.messages)
                         if (m.isResponse()) return Outcome::fail(expected, "answered: " + excerpt(m.text, 200));
                     if (ctx.legacy() ? !is2xx(reply.httpStatus) : reply.httpStatus != 202)
                         return Outcome::fail(expected, reply.describe());
                     return Outcome::pass(expected, reply.describe());
                 }});

    catalog.add({"LC-11", Level::Should, kAllRevisions, kBothTransports,
                 "Before initialize, non-ping requests fail (JSON-RPC error or HTTP 400).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.initialize = false});
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send(requestBody("1101", "tools/list"), collect);
                     std::string expected = "tools/list before initialize -> error or HTTP 400";
                     if (reply.response && reply.response->isResult()) return Outcome::fail(expected, describeAnswer(reply));
                     if (!reply.response && !is4xx(reply.httpStatus)) return Outcome::inconclusive(expected, "neither an error nor a refusal came back: " + reply.describe());
                     return Outcome::pass(expected, reply.describe());
                 }});

    catalog.add({"LC-12", Level::Should, kAllRevisions, kBothTransports,
                 "ping is answered even before initialization (sessionful Streamable HTTP may answer 400).", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open({.initialize = false});
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send(requestBody("1201", "ping"), collect);
                     std::string expected = ctx.legacy() ? "ping -> {}" : "ping -> {} or HTTP 400 (sessionful)";
                     if (reply.response && reply.response->isResult()) return Outcome::pass(expected, describeAnswer(reply));
                     if (!ctx.legacy() && reply.httpStatus == 400) return Outcome::pass(expected, reply.describe());
                     return Outcome::fail(expected, reply.describe());
                 }});

    catalog.add({"LC-13", Level::Should, kAllRevisions, kBothTransports,
                 "A second initialize on an established session is refused and does not reset state.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto again = opened.session->send(initializeBody(1301, ctx.revisionString()));
                     std::string expected = "second initialize -> -32600 or HTTP 400; tools keep working";
                     if (again.response && again.response->isResult()) return Outcome::fail(expected, "accepted: " + describeAnswer(again));
                     auto call = knownGoodCall(ctx);
                     auto after = call ? callFixtureTool(*opened.session, *call) : opened.session->request("tools/list");
                     if (!after.response || !after.response->isResult())
                         return Outcome::fail(expected, (call ? call->name : std::string("tools/list")) + " afterwards: " + describeAnswer(after));
                     return Outcome::pass(expected, describeAnswer(again));
                 }});
}

// Timeouts and shutdown
void addTimeoutAndShutdownCases(CaseCatalog& catalog) {
    catalog.add({"LC-14", Level::Should, kAllRevisions, kBothTransports,
                 "The server applies timeouts to its own requests (and from 2025-06-18 sends notifications/cancelled).", kSpec,
                 [](CaseContext& ctx) {
                     auto asking = openAskingSession(ctx);
                     if (asking.unmet) return *asking.unmet;
                     auto& s = *asking.opened.session;
                     const FixtureTool* tool = &asking.tools.front();
                     // Ask, then never answer: the server must give up on its own.
                     std::set<std::string> asked;
                     SendOptions silent;
                     silent.timeout = kServerTimeoutWait;
                     silent.onMessage = [&asked](const ReceivedMessage& m) {
                         if (m.isRequest()) asked.insert(m.idJson().value_or("null"));
                     };
                     auto call = callFixtureTool(s, *tool, silent);
                     if (asked.empty()) return Outcome::skip(tool->name + " answered without sending a request to the client");
                     std::string expected = "a cancellation of our unanswered request, or the call ending, within " +
                                            std::to_string(kServerTimeoutWait.count() / 1000) + " s";
                     for (const auto& m : s.transcript) {
                         if (m.method() != "notifications/cancelled") continue;
                         auto p = getObject(m.object, "params");
                         if (p && asked.count(jsonText(p->get("requestId"))))
                             return Outcome::pass(expected, "notifications/cancelled for request " + jsonText(p->get("requestId")) +
                                                                " after " + std::to_string(static_cast<int>(call.elapsedMs)) + " ms");
                     }
                     bool gaveUp = call.response || (call.error.find("ended") != std::string::npos);
                     if (!gaveUp)
                         return Outcome::skip("no timeout within " + std::to_string(kServerTimeoutWait.count() / 1000) +
                                              " s (the server's own timeout may be longer)");
                     std::string actual = "the call ended after " + std::to_string(static_cast<int>(call.elapsedMs)) + " ms (" +
                                          describeAnswer(call) + ") without notifications/cancelled";
                     if (ctx.revisionAtLeast(mcp::Revision::V2025_06_18)) return Outcome::warn(expected + " (SHOULD notify)", actual);
                     return Outcome::pass(expected, actual);
                 }});

    catalog.add({"LC-15", Level::May, kAllRevisions, kLegacy,
                 "Closing the legacy GET stream ends the session: its endpoint answers 404.", kSpec, [](CaseContext& ctx) {
                     return endpointAfterStreamCloses(ctx, "1501", "POST to the old endpoint -> 404");
                 }});
}

}  // namespace

void addLifecycleCases(CaseCatalog& catalog) {
    addInitializationCases(catalog);
    addCapabilityNegotiationCases(catalog);
    addOperationOrderCases(catalog);
    addTimeoutAndShutdownCases(catalog);
}

}  // namespace mcp::conformance
