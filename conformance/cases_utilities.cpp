// Utility cases: ping (U-PING), cancellation (U-CAN), progress (U-PRG), logging (U-LOG),
// pagination (U-PAG).
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include <algorithm>
#include <set>

namespace mcp::conformance {
namespace {

const char* kPing = "basic/utilities/ping";
const char* kCancel = "basic/utilities/cancellation";
const char* kProgress = "basic/utilities/progress";
const char* kLogging = "server/utilities/logging";
const char* kPaging = "server/utilities/pagination";

const std::vector<std::string> kLevels = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

bool declaresLogging(const ClientSession& s) { return isObjectMember(getObject(s.initializeResult, "capabilities"), "logging"); }

// Calls a progress fixture tool (else a tool whose arguments come from its inputSchema) with a
// progress token and returns the progress notifications that carry that token; nothing when
// the server has no tool the suite can feed.
std::vector<ReceivedMessage> progressFor(const CaseContext& ctx, ClientSession& s, const std::string& tokenJson) {
    auto tool = firstTool(listTools(s).tools, kProgressTools);
    if (!tool) {
        auto fallback = knownGoodCall(ctx);
        if (!fallback) return {};
        tool = FixtureTool{fallback->name, nullptr, fallback->arguments};
    }
    callFixtureTool(s, *tool, SendOptions{.timeout = milliseconds(15000)}, obj(R"({"progressToken":)" + tokenJson + "}"));
    s.settle();
    std::vector<ReceivedMessage> out;
    for (const auto& m : s.transcript) {
        auto p = getObject(m.object, "params");
        if (m.method() == "notifications/progress" && p && jsonText(p->get("progressToken")) == tokenJson) out.push_back(m);
    }
    return out;
}

}  // namespace

namespace {

// 3.1 Ping (U-PING-*)
void addPingCases(CaseCatalog& catalog) {
    catalog.add({"U-PING-1", Level::Must, kAllRevisions, kBothTransports,
                 "A ping is answered promptly with an empty result.", kPing, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     // "The receiver MUST respond promptly with an empty response" (basic/utilities/ping):
                     // within the exchange deadline (--timeout); the time is recorded, not graded (no
                     // timing oracle). An empty result may carry _meta (schema Result).
                     std::string seen;
                     for (const char* params : {"", "{}"}) {
                         auto reply = opened.session->send(requestBody(*params ? "\"ping-b\"" : "\"ping-a\"", "ping", params));
                         std::string expected = std::string("ping") + (*params ? " with params {}" : " without params") + " -> {} within --timeout";
                         auto result = reply.response ? reply.response->result() : nullptr;
                         bool empty = result && (result->size() == 0 || (result->size() == 1 && result->has("_meta")));
                         if (!empty) return Outcome::fail(expected, describeAnswer(reply));
                         seen += (seen.empty() ? "" : ", ") + std::to_string(static_cast<int>(reply.elapsedMs)) + " ms";
                     }
                     return Outcome::pass("ping -> {} promptly", "both forms answered (" + seen + ")");
                 }});

    catalog.add({"U-PING-2", Level::May, kAllRevisions, kBothTransports,
                 "The server may ping the client.", kPing, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     opened.session->request("ping");
                     std::size_t pings = 0;
                     for (const auto& m : opened.session->transcript)
                         if (m.isRequest() && m.method() == "ping") ++pings;
                     return Outcome::info("server pings recorded", std::to_string(pings) + " server pings seen");
                 }});

    catalog.add({"U-PING-3", Level::Info, kAllRevisions, kBothTransports,
                 "Server pings are configurable and not excessive.", kPing, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     opened.session->request("ping");
                     opened.session->settle();
                     std::size_t pings = 0;
                     for (const auto& m : opened.session->transcript)
                         if (m.isRequest() && m.method() == "ping") ++pings;
                     if (pings > 5) return Outcome::warn("a few server pings at most", std::to_string(pings) + " pings within a short session");
                     return Outcome::info("server ping rate", std::to_string(pings) + " pings during the session");
                 }});
}

// 3.2 Cancellation (U-CAN-*)
void addCancellationCases(CaseCatalog& catalog) {
    catalog.add({"U-CAN-1", Level::Should, kAllRevisions, kBothTransports,
                 "A cancellation of initialize is ignored: initialization still completes.", kCancel, [](CaseContext& ctx) {
                     auto opened = ctx.open({.sendInitialized = false});
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     s.notify("notifications/cancelled", obj(R"({"requestId":0,"reason":"test"})"));
                     s.notify("notifications/initialized");
                     auto call = knownGoodCall(ctx);
                     auto after = call ? callFixtureTool(s, *call) : s.request("tools/list");
                     if (!after.response || !after.response->isResult())
                         return Outcome::fail("the session works after cancelling initialize", describeAnswer(after));
                     return Outcome::pass("the session works after cancelling initialize", describeAnswer(after));
                 }});

    catalog.add({"U-CAN-2", Level::Should, kAllRevisions, kBothTransports,
                 "On cancellation of an in-flight request the server stops and sends no response.", kCancel,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto tool = firstTool(listTools(s).tools, kSlowTools);
                     if (!tool) return Outcome::skip("the server lists no slow fixture tool (" + joined(kSlowTools) + ")");
                     // Cancel as soon as the call shows it is running (its first progress).
                     bool cancelled = false;
                     SendOptions watch;
                     watch.timeout = milliseconds(5000);   // the slow fixtures run 3 s
                     watch.onMessage = [&](const ReceivedMessage& m) {
                         if (cancelled || m.method() != "notifications/progress") return;
                         cancelled = true;
                         SendOptions quiet;
                         quiet.await = SendOptions::Await::Nothing;
                         s.notify("notifications/cancelled", obj(R"({"requestId":"ucan2","reason":"conformance check"})"), quiet);
                     };
                     auto call = callFixtureTool(s, *tool, watch, obj(R"({"progressToken":"ucan2"})"), "\"ucan2\"");
                     if (!cancelled)
                         return Outcome::skip(tool->name + " sent no progress before " + (call.response ? "its response" : "the wait ended") +
                                              ", so the call could not be cancelled while in flight");
                     std::string expected = "no response for the cancelled call";
                     if (call.response)
                         return Outcome::warn(expected, "a response arrived after the cancellation (allowed by the race rules): " + describeAnswer(call));
                     auto ping = s.request("ping");
                     if (!ping.response || !ping.response->isResult())
                         return Outcome::fail(expected + ", and the session still works", "ping afterwards: " + describeAnswer(ping));
                     return Outcome::pass(expected, (call.error.empty() ? std::string("none") : call.error) + "; ping still works");
                 }});

    catalog.add({"U-CAN-3", Level::Should, kAllRevisions, kBothTransports,
                 "Cancellations for unknown requests, or malformed ones, are ignored and the session stays healthy.",
                 kCancel, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     for (const char* params : {R"({"requestId":999999})", ""}) {
                         auto reply = s.notify("notifications/cancelled", *params ? obj(params) : nullptr);
                         for (const auto& m : reply.messages)
                             if (m.isResponse()) return Outcome::fail("no reply to the cancellation", excerpt(m.text, 200));
                         if (!is2xx(reply.httpStatus)) return Outcome::fail("the cancellation is accepted (2xx)", reply.describe());
                     }
                     auto ping = s.request("ping");
                     if (!ping.response || !ping.response->isResult()) return Outcome::fail("ping works afterwards", describeAnswer(ping));
                     return Outcome::pass("ignored, ping still works", "ok");
                 }});

    catalog.add({"U-CAN-4", Level::Must, kAllRevisions, kBothTransports,
                 "A cancellation that races past the response is handled gracefully.", kCancel, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto control = s.request("ping");
                     if (!control.response || !control.response->isResult())
                         return Outcome::blocked("ping does not work even before the late cancellation (" + describeAnswer(control) + "); U-PING-1 reports it");
                     auto call = knownGoodCall(ctx);
                     auto params = call ? R"({"name":)" + jsonQuote(call->name) + R"(,"arguments":)" + jsonText(call->arguments) + "}" : std::string();
                     auto answered = call ? s.send(requestBody("4401", "tools/call", params)) : s.send(requestBody("4401", "tools/list"));
                     if (!answered.response) return Outcome::blocked("the request to cancel late got no response (" + answered.describe() + ")");
                     s.notify("notifications/cancelled", obj(R"({"requestId":4401})"));
                     auto ping = s.request("ping");
                     if (!ping.response || !ping.response->isResult()) return Outcome::fail("ping works after a late cancel", describeAnswer(ping));
                     return Outcome::pass("ping works after a late cancel", describeAnswer(ping));
                 }});

    catalog.add({"U-CAN-5", Level::Must, kAllRevisions, kBothTransports,
                 "Cancellations the server sends reference only its own pending requests.", kCancel, [](CaseContext& ctx) {
                     // What a server may cancel is a request of its own the client has not answered: a
                     // client that declares sampling, elicitation and roots calls a tool that asks it
                     // something, and never answers (a server gives up after its own timeout).
                     auto asking = openAskingSession(ctx);
                     if (asking.unmet) return *asking.unmet;
                     auto& s = *asking.opened.session;
                     callFixtureTool(s, asking.tools.front());
                     s.settle();
                     std::set<std::string> serverRequests;
                     std::size_t cancellations = 0;
                     for (const auto& m : s.transcript) {
                         if (m.isRequest()) serverRequests.insert(m.idJson().value_or(""));
                         if (m.method() == "notifications/cancelled") {
                             ++cancellations;
                             auto id = jsonText(getObject(m.object, "params") ? getObject(m.object, "params")->get("requestId") : Poco::Dynamic::Var());
                             if (!serverRequests.count(id)) return Outcome::fail("cancels reference server requests", excerpt(m.text, 200));
                         }
                     }
                     if (!cancellations)
                         return Outcome::inconclusive("cancels reference server requests",
                                                      "the server sent no cancellation (" + std::to_string(serverRequests.size()) + " requests of " +
                                                          asking.tools.front().name + " left unanswered within --timeout)");
                     return Outcome::pass("cancels reference server requests", std::to_string(cancellations) + " cancellations, all for server requests");
                 }});

    catalog.add({"U-CAN-6", Level::Must, kOnly2025_11, kBothTransports,
                 "Task-augmented requests are cancelled with tasks/cancel, which moves the task to cancelled.", kCancel,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto tasks = getObject(getObject(opened.session->initializeResult, "capabilities"), "tasks");
                     if (!tasks) return Outcome::skip("the server does not declare capabilities.tasks");
                     if (!getObject(getObject(tasks, "requests"), "tools") || !isObjectMember(getObject(getObject(tasks, "requests"), "tools"), "call"))
                         return Outcome::skip("the server does not declare capabilities.tasks.requests.tools.call");
                     // A tool that runs as a task (execution.taskSupport optional or required), slow ones first.
                     std::optional<FixtureTool> tool;
                     auto listed = listTools(s);
                     for (const auto& t : listed.tools) {
                         auto support = getString(getObject(t, "execution"), "taskSupport").value_or("forbidden");
                         if (support != "optional" && support != "required") continue;
                         auto name = getString(t, "name").value_or("");
                         auto slow = firstTool(std::vector<Poco::JSON::Object::Ptr>{t}, kSlowTools);
                         if (!tool || slow) tool = slow ? slow : FixtureTool{name, t, argumentsFromSchema(getObject(t, "inputSchema"))};
                         if (slow) break;
                     }
                     if (!tool) return Outcome::skip("no listed tool declares execution.taskSupport optional or required");
                     auto params = obj(R"({"task":{"ttl":60000}})");
                     params->set("name", tool->name);
                     params->set("arguments", tool->arguments);
                     auto created = s.request("tools/call", params);
                     auto task = created.response ? getObject(created.response->result(), "task") : nullptr;
                     auto taskId = getString(task, "taskId");
                     if (!taskId)
                         return Outcome::inconclusive("a task to cancel", tool->name + " with params.task created none: " + describeAnswer(created));
                     std::string expected = "tasks/cancel on a working task -> the task, status cancelled; tasks/get agrees";
                     auto cancel = s.request("tasks/cancel", obj(R"({"taskId":)" + jsonText(Poco::Dynamic::Var(*taskId)) + "}"));
                     if (cancel.response && cancel.response->errorCode() == -32602)
                         return Outcome::inconclusive(expected, "the task had already ended (tasks/cancel -> -32602, as the spec wants for a terminal task)");
                     auto result = cancel.response ? cancel.response->result() : nullptr;
                     auto status = getString(result, "status");
                     if (!status) status = getString(getObject(result, "task"), "status");
                     if (status != "cancelled") return Outcome::fail(expected, "tasks/cancel -> " + describeAnswer(cancel));
                     auto got = s.request("tasks/get", obj(R"({"taskId":)" + jsonText(Poco::Dynamic::Var(*taskId)) + "}"));
                     // "receivers MAY delete cancelled tasks at their discretion at any time, including
                     // immediately after cancellation": a task not found (-32602) is allowed.
                     if (got.response && got.response->errorCode() == -32602)
                         return Outcome::pass(expected, tool->name + " task " + *taskId + ": cancelled, then deleted (tasks/get -> -32602)");
                     auto after = got.response ? getString(got.response->result(), "status") : std::nullopt;
                     if (after != "cancelled") return Outcome::fail(expected, "tasks/get after the cancel -> " + describeAnswer(got));
                     return Outcome::pass(expected, tool->name + " task " + *taskId + ": cancelled, and tasks/get says so");
                 }});
}

// 3.3 Progress (U-PRG-*)
void addProgressCases(CaseCatalog& catalog) {
    catalog.add({"U-PRG-1", Level::May, kAllRevisions, kBothTransports,
                 "Progress notifications carry the request's progressToken with the same type.", kProgress,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     std::size_t seen = 0;
                     for (const std::string token : {R"("p-1")", "42"}) {
                         for (const auto& m : progressFor(ctx, *opened.session, token)) {
                             ++seen;
                             auto params = getObject(m.object, "params");
                             auto got = params && params->has("progressToken") ? jsonText(params->get("progressToken")) : "<absent>";
                             if (got != R"("p-1")" && got != "42")
                                 return Outcome::fail("progressToken equals the one sent", excerpt(m.text, 200));
                         }
                     }
                     if (!seen) return Outcome::inconclusive("progressToken equals the one sent", "the server sent no progress notification");
                     return Outcome::pass("progress tokens echoed", std::to_string(seen) + " progress notifications");
                 }});

    catalog.add({"U-PRG-2", Level::Must, kAllRevisions, kBothTransports,
                 "For a given token, progress strictly increases.", kProgress, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     double last = -1e300;
                     auto notes = progressFor(ctx, *opened.session, R"("mono")");
                     for (const auto& m : notes) {
                         auto params = getObject(m.object, "params");
                         if (!params || !params->has("progress") || !params->get("progress").isNumeric())
                             return Outcome::fail("progress is a number", excerpt(m.text, 200));
                         double p = params->get("progress").convert<double>();
                         if (p <= last) return Outcome::fail("strictly increasing progress", excerpt(m.text, 200));
                         last = p;
                     }
                     if (notes.size() < 2) return Outcome::inconclusive("strictly increasing progress", std::to_string(notes.size()) + " progress notifications: nothing to compare");
                     return Outcome::pass("strictly increasing progress", std::to_string(notes.size()) + " notifications");
                 }});

    catalog.add({"U-PRG-3", Level::Must, kAllRevisions, kBothTransports,
                 "Progress references only tokens of active requests and stops after the response.", kProgress,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto notes = progressFor(ctx, s, R"("active")");
                     if (notes.empty()) return Outcome::inconclusive("progress only for active requests", "the server sent no progress notification");
                     s.request("ping");
                     s.settle();
                     bool responded = false;
                     for (const auto& m : s.transcript) {
                         if (m.isResponse() && m.result() && m.result()->has("content")) responded = true;
                         if (m.method() != "notifications/progress") continue;
                         auto params = getObject(m.object, "params");
                         auto token = params && params->has("progressToken") ? jsonText(params->get("progressToken")) : "";
                         if (token != R"("active")") return Outcome::fail("only tokens that were sent", excerpt(m.text, 200));
                         if (responded) return Outcome::fail("no progress after the response", excerpt(m.text, 200));
                     }
                     return Outcome::pass("progress only for active requests", "ok");
                 }});

    catalog.add({"U-PRG-4", Level::Should, kFrom2025_03, kBothTransports,
                 "The optional progress message is a string.", kProgress, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     std::size_t messages = 0;
                     for (const auto& m : progressFor(ctx, *opened.session, R"("msg")")) {
                         auto params = getObject(m.object, "params");
                         if (params && params->has("message") && !isStringMember(params, "message"))
                             return Outcome::fail("message is a string", excerpt(m.text, 200));
                         messages += params && params->has("message");
                     }
                     if (!messages) return Outcome::inconclusive("message is a string when present", "no progress notification with a message");
                     return Outcome::pass("message is a string when present", std::to_string(messages) + " messages");
                 }});

    catalog.add({"U-PRG-5", Level::Should, kFrom2025_03, kStreamable,
                 "Progress for a request travels on that request's POST stream.", kProgress, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto notes = progressFor(ctx, *opened.session, R"("stream")");
                     if (notes.empty())
                         return Outcome::inconclusive("progress on the POST stream", "no progress arrived on the request's stream (progress fixtures: " + joined(kProgressTools) +
                                                      "; progress sent only on the GET stream is not observed by this case)");
                     for (const auto& m : notes)
                         if (m.via != "post-sse") return Outcome::fail("progress on the POST stream", "arrived via " + m.via);
                     return Outcome::pass("progress on the POST stream", std::to_string(notes.size()) + " notifications");
                 }});

    catalog.add({"U-PRG-6", Level::Must, kOnly2025_11, kBothTransports,
                 "A task keeps its progress token until it reaches a terminal state.", kProgress, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!isObjectMember(getObject(opened.session->initializeResult, "capabilities"), "tasks"))
                         return Outcome::skip("the server does not declare capabilities.tasks");
                     return Outcome::unsupported("task cases are not implemented in this version");
                 },
                 false, "task cases are not implemented in this version"});
}

// 3.4 Logging (U-LOG-*)
void addLoggingCases(CaseCatalog& catalog) {
    catalog.add({"U-LOG-2", Level::Must, kAllRevisions, kBothTransports,
                 "logging/setLevel with each of the eight levels returns {}.", kLogging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!declaresLogging(*opened.session)) return Outcome::skip("the server does not declare capabilities.logging");
                     for (const auto& level : kLevels) {
                         auto reply = opened.session->request("logging/setLevel", obj(R"({"level":")" + level + "\"}"));
                         if (!reply.response || !reply.response->isResult())
                             return Outcome::fail("setLevel " + level + " -> {}", describeAnswer(reply));
                     }
                     return Outcome::pass("all eight levels accepted", "ok");
                 }});

    catalog.add({"U-LOG-3", Level::Should, kAllRevisions, kBothTransports,
                 "An invalid log level gets -32602.", kLogging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (!declaresLogging(*opened.session)) return Outcome::skip("the server does not declare capabilities.logging");
                     for (const char* params : {R"({"level":"verbose"})", R"({"level":5})"}) {
                         auto outcome = expectError(opened.session->request("logging/setLevel", obj(params)), -32602, std::string("setLevel ") + params);
                         if (outcome.verdict != Verdict::Pass) return outcome;
                     }
                     return Outcome::pass("-32602 for invalid levels", "ok");
                 }});

    catalog.add({"U-LOG-5", Level::Must, kAllRevisions, kBothTransports,
                 "notifications/message params have level (one of 8), data, and an optional string logger.", kLogging,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     if (ctx.facts.hasTool("log_all_levels")) s.callTool("log_all_levels", obj("{}"));
                     if (ctx.facts.hasTool("stream")) s.send(sseProvokingBody(ctx, "\"ulog5\""));
                     if (auto call = knownGoodCall(ctx)) callFixtureTool(s, *call);
                     s.settle();
                     std::size_t n = 0;
                     for (const auto& m : s.transcript) {
                         if (m.method() != "notifications/message") continue;
                         ++n;
                         auto p = getObject(m.object, "params");
                         auto level = getString(p, "level");
                         if (!level || std::find(kLevels.begin(), kLevels.end(), *level) == kLevels.end() || !p->has("data") ||
                             (p->has("logger") && !isStringMember(p, "logger")))
                             return Outcome::fail("{level, data, logger?}", excerpt(m.text, 200));
                     }
                     if (!n) return Outcome::inconclusive("{level, data, logger?}", "no log notifications observed");
                     return Outcome::pass("{level, data, logger?}", std::to_string(n) + " log messages");
                 }});

    catalog.add({"U-LOG-6", Level::Must, kAllRevisions, kBothTransports,
                 "Log messages never contain the credentials or the session id.", kLogging,
                 [](CaseContext& ctx) {
                     auto auth = ctx.freshAuthorization();
                     SessionOptions options;
                     options.authorization = auth;
                     auto opened = ctx.open(options);
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     if (declaresLogging(s)) s.request("logging/setLevel", obj(R"({"level":"debug"})"));
                     if (ctx.facts.hasTool("log_all_levels")) s.callTool("log_all_levels", obj("{}"));
                     if (ctx.facts.hasTool("stream")) s.send(sseProvokingBody(ctx, "\"ulog6\""));
                     if (auto call = knownGoodCall(ctx)) callFixtureTool(s, *call);
                     s.request("no/such_method");
                     s.callTool("no_such_tool_ulog6", obj("{}"));
                     s.settle();
                     // "Log messages MUST NOT contain: Credentials or secrets" (server/utilities/logging): the
                     // rule binds log notifications; a tool result that echoes the caller's token (getToken)
                     // is not a log. Secrets shorter than 8 bytes could match by chance and are not searched.
                     std::string token = auth ? auth->substr(auth->find(' ') + 1) : "";
                     std::vector<std::string> secrets;
                     if (token.size() >= 8) secrets.push_back(token);
                     if (s.sessionId && s.sessionId->size() >= 8) secrets.push_back(*s.sessionId);
                     std::size_t logs = 0;
                     for (const auto& m : s.transcript) {
                         if (m.method() != "notifications/message") continue;
                         ++logs;
                         for (const auto& secret : secrets)
                             if (m.text.find(secret) != std::string::npos)
                                 return Outcome::fail("no credentials or session id in log messages",
                                                      std::string(secret == token ? "the bearer token" : "the session id") + " in " + excerpt(m.text, 100));
                     }
                     if (secrets.empty()) return Outcome::inconclusive("no credentials or session id in log messages", "no secret of 8 bytes or more to look for");
                     if (!logs) return Outcome::inconclusive("no credentials or session id in log messages", "the server sent no log notification");
                     return Outcome::pass("no credentials or session id in log messages", std::to_string(logs) + " log notifications scanned");
                 }});

    catalog.add({"U-LOG-7", Level::Info, kAllRevisions, kBothTransports,
                 "logging/setLevel sent to a server without logging gets -32601.", kLogging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (declaresLogging(*opened.session)) return Outcome::skip("the server declares logging");
                     return expectError(opened.session->request("logging/setLevel", obj(R"({"level":"info"})")), -32601, "setLevel without logging");
                 }});

    catalog.add({"U-LOG-1", Level::Must, kAllRevisions, kBothTransports,
                 "A server declares logging before emitting logs (same as LC-7).", kLogging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     if (ctx.facts.hasTool("log_all_levels")) s.callTool("log_all_levels", obj("{}"));
                     if (ctx.facts.hasTool("stream")) s.send(sseProvokingBody(ctx, "\"ulog1\""));
                     if (auto call = knownGoodCall(ctx)) callFixtureTool(s, *call);
                     s.settle();
                     if (declaresLogging(s)) return Outcome::pass("no logs without capabilities.logging", "logging declared");
                     for (const auto& m : s.transcript)
                         if (m.method() == "notifications/message")
                             return Outcome::fail("no logs without capabilities.logging", excerpt(m.text, 200));
                     return Outcome::inconclusive("no logs without capabilities.logging", "logging is not declared and no log notification was seen");
                 }});

    catalog.add({"U-LOG-4", Level::Should, kAllRevisions, kBothTransports,
                 "After setLevel(L) only messages with severity >= L are sent.", kLogging, [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("log_all_levels")) return Outcome::skip("needs the log_all_levels fixture tool");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     s.request("logging/setLevel", obj(R"({"level":"error"})"));
                     s.callTool("log_all_levels", obj("{}"));
                     s.settle();
                     std::size_t logs = 0;
                     for (const auto& m : s.transcript) {
                         if (m.method() != "notifications/message") continue;
                         ++logs;
                         auto level = getString(getObject(m.object, "params"), "level").value_or("");
                         auto rank = std::find(kLevels.begin(), kLevels.end(), level) - kLevels.begin();
                         if (rank < 4) return Outcome::fail("only error and above after setLevel(error)", excerpt(m.text, 200));
                     }
                     if (!logs) return Outcome::inconclusive("only error and above after setLevel(error)", "log_all_levels sent no log notification");
                     return Outcome::pass("only error and above after setLevel(error)", std::to_string(logs) + " log notifications, all error or above");
                 }});
}

// 3.5 Pagination (U-PAG-*)
void addPaginationCases(CaseCatalog& catalog) {
    catalog.add({"U-PAG-1", Level::Must, kAllRevisions, kBothTransports,
                 "A tools/list result has a tools array and an optional string nextCursor.", kPaging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto listed = listTools(*opened.session);
                     if (auto none = toolsNotOffered(*opened.session, listed)) return *none;
                     auto& reply = listed.reply;
                     auto result = reply.response ? reply.response->result() : nullptr;
                     if (!result || !isArrayMember(result, "tools") || (result->has("nextCursor") && !isStringMember(result, "nextCursor")))
                         return Outcome::fail("{tools: [...], nextCursor?: string}", describeAnswer(reply));
                     return Outcome::pass("{tools: [...], nextCursor?: string}", excerpt(reply.response->text, 200));
                 }});

    catalog.add({"U-PAG-2", Level::Should, kAllRevisions, kBothTransports,
                 "Following nextCursor returns the full tool set without duplicates.", kPaging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     std::set<std::string> names;
                     std::optional<std::string> cursor;
                     for (int page = 0; page < 100; ++page) {
                         auto reply = opened.session->request("tools/list", cursor ? obj(R"({"cursor":)" + jsonQuote(*cursor) + "}") : nullptr);
                         auto result = reply.response ? reply.response->result() : nullptr;
                         auto tools = getArray(result, "tools");
                         if (!tools) return Outcome::fail("each page has tools", describeAnswer(reply));
                         for (std::size_t i = 0; i < tools->size(); ++i) {
                             auto name = getString(tools->getObject(static_cast<unsigned>(i)), "name").value_or("");
                             if (!names.insert(name).second) return Outcome::fail("no duplicate across pages", "duplicate " + name);
                         }
                         cursor = getString(result, "nextCursor");
                         if (!cursor) return Outcome::pass("complete, unique pages", std::to_string(page + 1) + " page(s), " + std::to_string(names.size()) + " tools");
                     }
                     return Outcome::fail("pagination ends", "more than 100 pages");
                 }});

    catalog.add({"U-PAG-3", Level::Should, kAllRevisions, kBothTransports,
                 "An invalid cursor gets -32602.", kPaging, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->request("tools/list", obj(R"({"cursor":"!!bogus!!"})"));
                     if (reply.httpStatus >= 500) return Outcome::fail("-32602, never a 5xx", reply.describe());
                     return expectError(reply, -32602, "tools/list cursor !!bogus!!");
                 }});
}

}  // namespace

void addUtilityCases(CaseCatalog& catalog) {
    addPingCases(catalog);
    addCancellationCases(catalog);
    addProgressCases(catalog);
    addLoggingCases(catalog);
    addPaginationCases(catalog);
}

}  // namespace mcp::conformance
