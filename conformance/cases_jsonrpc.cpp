// JSON-RPC 2.0 base protocol cases (JR-1 .. JR-22).
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include "protocol/json_rpc.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

namespace mcp::conformance {
namespace {

const char* kSpec = "JSON-RPC 2.0; MCP basic/index";

// Requests whose answers every JR evidence case inspects.
void exercise(ClientSession& s) {
    s.request("ping");
    s.request("tools/list");
    s.request("no/such_method");
    s.request("tools/call", obj(R"({"arguments":{}})"));
}

std::vector<const ReceivedMessage*> responsesIn(const ClientSession& s) {
    std::vector<const ReceivedMessage*> out;
    for (const auto& m : s.transcript)
        if (m.isResponse() || (m.object && !m.object->has("method"))) out.push_back(&m);
    return out;
}

// An invalid message must be refused: the given JSON-RPC error, or an HTTP 4xx refusal.
Outcome expectRefusal(const RpcReply& reply, std::set<long long> codes, const std::string& expected) {
    if (reply.response) {
        auto code = reply.response->errorCode();
        if (code && codes.count(*code)) return Outcome::pass(expected, describeAnswer(reply));
        return Outcome::fail(expected, describeAnswer(reply));
    }
    if (is4xx(reply.httpStatus)) {
        auto out = Outcome::pass(expected, "HTTP " + std::to_string(reply.httpStatus) + " without a JSON-RPC body");
        out.note = "refused at the HTTP level";
        return out;
    }
    return Outcome::fail(expected, reply.describe());
}

struct InvalidVector {
    std::string suffix;
    std::string body;
    std::set<long long> codes;
    Level level = Level::Must;
};

}  // namespace

namespace {

// Response objects (JSON-RPC 2.0 section 5): jsonrpc, id echo, result xor error, result shape
void addResponseObjectCases(CaseCatalog& catalog) {
    catalog.add({"JR-1", Level::Must, kAllRevisions, kBothTransports,
                 "Every message the server emits is a JSON-RPC 2.0 object whose jsonrpc member is \"2.0\".", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     exercise(*opened.session);
                     for (const auto& m : opened.session->transcript)
                         if (!m.object || getString(m.object, "jsonrpc") != "2.0")
                             return Outcome::fail("every message has \"jsonrpc\":\"2.0\"", "got " + excerpt(m.text, 300));
                     return Outcome::pass("every message has \"jsonrpc\":\"2.0\"",
                                          std::to_string(opened.session->transcript.size()) + " messages checked");
                 }});

    catalog.add({"JR-2", Level::Must, kAllRevisions, kBothTransports,
                 "A response echoes its request's id with the same JSON type and value.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     const std::vector<std::string> ids = {R"("x")", R"("")", "0", "-7", "9007199254740991", R"("1")", "1"};
                     for (const auto& id : ids) {
                         SendOptions any;
                         any.await = SendOptions::Await::AnyResponse;
                         auto reply = opened.session->send(requestBody(id, "ping"), any);
                         if (!reply.response) return Outcome::fail("ping with id " + id + " answered with id " + id, reply.describe());
                         auto got = reply.response->idJson().value_or("<absent>");
                         if (got != id)
                             return Outcome::fail("ping with id " + id + " answered with id " + id + " (same type)",
                                                  "id " + got + " in " + excerpt(reply.response->text, 200));
                     }
                     return Outcome::pass("each id echoed with its type", "7 ids echoed exactly");
                 }});

    catalog.add({"JR-3", Level::Must, kAllRevisions, kBothTransports,
                 "Every response has exactly one of result and error.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     exercise(*opened.session);
                     auto responses = responsesIn(*opened.session);
                     for (const auto* m : responses) {
                         bool r = m->object && m->object->has("result"), e = m->object && m->object->has("error");
                         if (r == e) return Outcome::fail("exactly one of result and error", excerpt(m->text, 300));
                     }
                     return Outcome::pass("exactly one of result and error", std::to_string(responses.size()) + " responses checked");
                 }});

    catalog.add({"JR-4", Level::Must, kAllRevisions, kBothTransports,
                 "error.code is an integer and error.message a string.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     std::vector<RpcReply> replies = {s.request("no/such_method"), s.request("tools/call", obj(R"({"arguments":{}})"))};
                     std::size_t errors = 0;
                     for (const auto& reply : replies) {
                         // Whether these get errors at all is JR-12's and JR-13's to judge; JR-4 judges error shapes.
                         if (!reply.response || !reply.response->isError()) continue;
                         ++errors;
                         auto error = getObject(reply.response->object, "error");
                         if (!error || !getInteger(error, "code") || !isStringMember(error, "message"))
                             return Outcome::fail("error {code: integer, message: string}", excerpt(reply.response->text, 300));
                     }
                     if (!errors) return Outcome::blocked("neither an unknown method nor a tools/call without name got a JSON-RPC error; JR-12 and JR-13 report that");
                     return Outcome::pass("error {code: integer, message: string}", std::to_string(errors) + " error responses well-formed");
                 }});

    catalog.add({"JR-5", Level::Must, kAllRevisions, kBothTransports,
                 "result is always a JSON object; an empty result is {}.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     exercise(*opened.session);
                     // Whether ping succeeds is U-PING-1's to judge; JR-5 judges the results that came back.
                     std::size_t results = 0;
                     for (const auto* m : responsesIn(*opened.session)) {
                         if (!m->object || !m->object->has("result")) continue;
                         ++results;
                         if (!m->result()) return Outcome::fail("every result is an object", excerpt(m->text, 300));
                     }
                     if (!results) return Outcome::inconclusive("every result is an object", "no request got a result (U-PING-1 and TL-1 report that)");
                     return Outcome::pass("every result is an object", std::to_string(results) + " results checked");
                 }});
}

// Requests and notifications (section 4): no answer to a notification, ids of server requests
void addRequestAndNotificationCases(CaseCatalog& catalog) {
    catalog.add({"JR-6", Level::Must, kAllRevisions, kBothTransports,
                 "The server never answers a notification, even an unknown or malformed one.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open({.sendInitialized = false});
                     if (!opened.session) return noSession(ctx, opened);
                     const std::vector<std::pair<std::string, std::string>> notes = {
                         {"notifications/initialized", ""},
                         {"notifications/does_not_exist", ""},
                         {"notifications/cancelled", R"({"requestId":424242})"}};
                     // JSON-RPC 2.0 §4.1: the server MUST NOT reply to a notification. The Streamable HTTP
                     // text lets a server that cannot accept one answer an HTTP error whose body "MAY comprise
                     // a JSON-RPC error response that has no id": that is a refusal, not a reply. The 202 is
                     // T-SH-9's to judge.
                     for (const auto& [method, params] : notes) {
                         auto reply = opened.session->notify(method, params.empty() ? nullptr : obj(params));
                         std::string what = method + " -> no JSON-RPC answer";
                         bool refused = reply.httpStatus >= 400;
                         for (const auto& m : reply.messages) {
                             if (!m.isResponse()) continue;
                             bool idless = !m.idJson() || *m.idJson() == "null";
                             if (!(refused && idless && m.isError() && m.via != "legacy-sse"))
                                 return Outcome::fail(what, "answered with " + excerpt(m.text, 200) + " (HTTP " + std::to_string(reply.httpStatus) + ")");
                         }
                         // Legacy: "no answer" is concluded at the fence ping's answer; without it, nothing is known.
                         if (!reply.error.empty() && !refused) return Outcome::inconclusive(what, "could not fence the notification: " + reply.describe());
                     }
                     return Outcome::pass("no answer to any notification", "3 notifications, none answered");
                 }});

    catalog.add({"JR-7", Level::Must, kAllRevisions, kBothTransports,
                 "Requests the server originates carry a string or integer id, never null, never reused.", kSpec,
                 [](CaseContext& ctx) {
                     auto asking = openAskingSession(ctx);
                     if (asking.unmet) return *asking.unmet;
                     auto& s = *asking.opened.session;
                     SendOptions answering;
                     answering.onMessage = [&s](const ReceivedMessage& m) {
                         if (!m.isRequest()) return;
                         SendOptions quiet;
                         quiet.await = SendOptions::Await::Nothing;
                         s.send(clientAnswerTo(m), quiet);
                     };
                     for (int round = 0; round < 2; ++round)   // twice, so that reuse would show
                         for (const auto& t : asking.tools) callFixtureTool(s, t, answering);
                     std::set<std::string> seen;
                     for (const auto& m : s.transcript) {
                         if (!m.isRequest()) continue;
                         auto id = m.idJson().value_or("null");
                         if (id == "null" || (id[0] != '"' && !isIntegerVar(m.object->get("id"))))
                             return Outcome::fail("server request ids are strings or integers", excerpt(m.text, 200));
                         if (!seen.insert(id).second) return Outcome::fail("server request ids are unique in the session", "id " + id + " reused");
                     }
                     if (seen.empty()) return Outcome::inconclusive("unique string/integer ids", "the fixture tools answered without sending a request to the client");
                     return Outcome::pass("unique string/integer ids", std::to_string(seen.size()) + " server requests (" + joinedNames(asking.tools) + ")");
                 }});

    catalog.add({"JR-8", Level::Must, kAllRevisions, kBothTransports,
                 "Notifications the server emits have no id member.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     if (auto call = knownGoodCall(ctx)) {
                         auto params = obj("{}");
                         params->set("name", call->name);
                         params->set("arguments", call->arguments);
                         params->set("_meta", obj(R"({"progressToken":"jr8"})"));
                         opened.session->request("tools/call", params);
                     }
                     if (ctx.facts.hasTool("stream")) opened.session->send(sseProvokingBody(ctx, "\"jr8\""));
                     exercise(*opened.session);
                     std::size_t notes = 0;
                     for (const auto& m : opened.session->transcript) {
                         if (m.method().rfind("notifications/", 0) != 0) continue;
                         ++notes;
                         if (m.object->has("id")) return Outcome::fail("notifications have no id", excerpt(m.text, 200));
                     }
                     if (!notes) return Outcome::inconclusive("notifications have no id", "the server sent no notification during the exchange");
                     return Outcome::pass("notifications have no id", std::to_string(notes) + " notifications");
                 }});
}

// Error objects (section 5.1): the standard codes and the reserved range
void addErrorObjectCases(CaseCatalog& catalog) {
    catalog.add({"JR-9", Level::Should, kAllRevisions, kBothTransports,
                 "A request with \"id\": null is refused as Invalid Request (-32600).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send(R"({"jsonrpc":"2.0","id":null,"method":"ping"})", collect);
                     if (reply.response && reply.response->isResult())
                         return Outcome::fail("id null -> -32600", "served: " + describeAnswer(reply));
                     if (!reply.response && !is4xx(reply.httpStatus))
                         return Outcome::warn("id null -> -32600", "silently dropped as if it were a notification: " + reply.describe());
                     return expectRefusal(reply, {-32600}, "id null -> -32600");
                 }});

    catalog.add({"JR-10", Level::Must, kAllRevisions, kBothTransports,
                 "Input that is not valid JSON gets error -32700 with id null (or absent from 2025-11-25).", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send(R"({"jsonrpc":"2.0","id":1,)", collect);
                     std::string expected = "unparseable body -> error -32700 with id null";
                     if (!reply.response) {
                         // The server cannot tell a broken request from a broken notification: an HTTP 4xx
                         // without a JSON-RPC body is allowed (T-SH-10, T-SSE-12); T-SH-55 grades the body.
                         if (is4xx(reply.httpStatus)) {
                             auto out = Outcome::pass(expected, "HTTP " + std::to_string(reply.httpStatus) + " without a JSON-RPC error body");
                             out.note = "refused at the HTTP level; the -32700 body is optional there (see T-SH-55)";
                             return out;
                         }
                         return Outcome::fail(expected, reply.describe());
                     }
                     auto code = reply.response->errorCode();
                     auto id = reply.response->idJson();
                     if (code != -32700) return Outcome::fail(expected, describeAnswer(reply));
                     if (id && *id != "null") return Outcome::fail(expected, "id " + *id + " on the parse error");
                     return Outcome::pass(expected, describeAnswer(reply));
                 }});

    // JR-11: one case per invalid-request vector (table-driven).
    const std::vector<InvalidVector> invalid = {
        {"missing-jsonrpc", R"({"id":"jr11a","method":"ping"})", {-32600}},
        {"jsonrpc-1.0", R"({"jsonrpc":"1.0","id":"jr11b","method":"ping"})", {-32600}},
        {"method-number", R"({"jsonrpc":"2.0","id":"jr11c","method":42})", {-32600}},
        {"id-object", R"({"jsonrpc":"2.0","id":{},"method":"ping"})", {-32600}},
        {"id-array", R"({"jsonrpc":"2.0","id":[1],"method":"ping"})", {-32600}},
        {"id-bool", R"({"jsonrpc":"2.0","id":true,"method":"ping"})", {-32600}},
        {"id-fraction", R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", {-32600}, Level::Should},
        {"params-string", R"({"jsonrpc":"2.0","id":"jr11h","method":"ping","params":"x"})", {-32600, -32602}},
    };
    for (const auto& v : invalid) {
        catalog.add({"JR-11." + v.suffix, v.level, kAllRevisions, kBothTransports,
                     "Valid JSON that is not a valid Request object gets error -32600 (" + v.suffix + ").", kSpec,
                     [v](CaseContext& ctx) {
                         auto opened = ctx.open();
                         if (!opened.session) return noSession(ctx, opened);
                         SendOptions collect;
                         collect.await = SendOptions::Await::Collect;
                         auto reply = opened.session->send(v.body, collect);
                         return expectRefusal(reply, v.codes, v.body + " -> -32600");
                     }});
    }

    catalog.add({"JR-12", Level::Must, kAllRevisions, kBothTransports,
                 "A method the server doesn't know gets error -32601.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     return expectError(opened.session->send(requestBody("9", "no/such_method")), -32601, "no/such_method");
                 }});

    // JSON-RPC 2.0 §5.1: the error's code "indicates the error type that occurred"; -32602 is
    // "Invalid method parameter(s)". An HTTP 4xx refusal without a body is allowed (T-SH-10).
    struct BadParams {
        std::string suffix;
        std::function<std::string(const CaseContext&)> body;
        std::set<long long> codes;
    };
    const std::vector<BadParams> badParams = {
        {"tools-call-no-name", [](const CaseContext&) { return requestBody("131", "tools/call", R"({"arguments":{}})"); }, {-32602}},
        // Non-object params are also not a valid MCP Request: -32600 is right there too.
        {"tools-list-array", [](const CaseContext&) { return requestBody("132", "tools/list", "[1,2]"); }, {-32602, -32600}},
        {"tools-call-arguments-string",
         [](const CaseContext& ctx) {
             auto tool = knownGoodCall(ctx);
             return requestBody("133", "tools/call", R"({"name":)" + jsonQuote(tool ? tool->name : "add") + R"(,"arguments":"str"})");
         },
         {-32602}},
    };
    for (const auto& v : badParams) {
        catalog.add({"JR-13." + v.suffix, Level::Must, kAllRevisions, kBothTransports,
                     "Params of the wrong shape for a known method get error -32602 (" + v.suffix + ").", kSpec,
                     [v](CaseContext& ctx) {
                         auto opened = ctx.open();
                         if (!opened.session) return noSession(ctx, opened);
                         SendOptions collect;
                         collect.await = SendOptions::Await::Collect;
                         auto body = v.body(ctx);
                         return expectRefusal(opened.session->send(body, collect), v.codes, body + " -> -32602");
                     }});
    }

    catalog.add({"JR-14", Level::May, kAllRevisions, kBothTransports,
                 "The server may report internal faults as -32603.", kSpec, [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("raise_internal")) return Outcome::skip("the server has no raise_internal fixture tool");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->callTool("raise_internal", obj("{}"));
                     if ((reply.response && reply.response->errorCode() == -32603) || toolIsError(reply))
                         return Outcome::pass("-32603 or an isError result", describeAnswer(reply));
                     return Outcome::fail("-32603 or an isError result", describeAnswer(reply));
                 }});

    catalog.add({"JR-15", Level::Should, kAllRevisions, kBothTransports,
                 "Error codes are standard, in -32000..-32099, or outside the reserved band -32768..-32000.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     exercise(s);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     s.send("{", collect);
                     s.send(R"({"jsonrpc":"2.0","id":"jr15","method":7})", collect);
                     s.callTool("no_such_tool_jr15", obj("{}"));
                     std::set<long long> codes;
                     for (const auto& m : s.transcript)
                         if (auto code = m.errorCode()) codes.insert(*code);
                     static const std::set<long long> standard = {-32700, -32600, -32601, -32602, -32603};
                     std::string list;
                     for (auto c : codes) {
                         list += (list.empty() ? "" : ", ") + std::to_string(c);
                         bool reserved = c >= -32768 && c <= -32000;
                         bool allowed = standard.count(c) || (c >= -32099 && c <= -32000) || !reserved;
                         if (!allowed) return Outcome::fail("no invented reserved codes", "code " + std::to_string(c) + " seen");
                     }
                     if (codes.empty()) return Outcome::inconclusive("codes in the allowed ranges", "no JSON-RPC error was observed");
                     return Outcome::pass("codes in the allowed ranges", "codes seen: " + list);
                 }});
}

// Batches (section 6): required in 2025-03-26, removed from 2025-06-18
void addBatchCases(CaseCatalog& catalog) {
    // Batches over the legacy transport are undefined (T-SSE-19): JR-16/JR-17 run on Streamable HTTP.
    catalog.add({"JR-16", Level::Must, kOnly2025_03, kStreamable,
                 "A JSON-RPC batch is accepted and every request in it answered (2025-03-26).", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->send(
                         R"([{"jsonrpc":"2.0","id":1601,"method":"ping"},{"jsonrpc":"2.0","id":1602,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"}])");
                     std::string expected = "results for ids 1601 and 1602, nothing for the notification";
                     if (reply.responses.size() != 2) return Outcome::fail(expected, reply.describe());
                     for (const auto& r : reply.responses)
                         if (!r.isResult()) return Outcome::fail(expected, excerpt(r.text, 200));
                     return Outcome::pass(expected, "both answered");
                 }});

    catalog.add({"JR-17", Level::Must, kOnly2025_03, kStreamable,
                 "Batch edge cases: [] -> one -32600 object; [1,2] -> two -32600 errors; notifications only -> no body.",
                 kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto empty = opened.session->send("[]", collect);
                     // JSON-RPC 2.0 §6 wants one -32600 object for []; MCP's Streamable HTTP text answers input
                     // of "(any number of)" notifications or responses with 202, which an empty array
                     // arguably is. The texts disagree: 202 is a warning, never a failure.
                     std::optional<std::string> ambiguous;
                     if (!empty.response && empty.httpStatus == 202 && empty.body.empty())
                         ambiguous = "[] -> 202 with no body (MCP's 202 rule for input of only notifications/responses arguably covers it)";
                     else if (!empty.response && is4xx(empty.httpStatus)) {
                     } else if (!empty.response || empty.response->errorCode() != -32600 || empty.body.find('[') == 0)
                         return Outcome::fail("[] -> a single -32600 error object", empty.describe());
                     auto two = opened.session->send("[1,2]", collect);
                     std::size_t errors = 0;
                     for (const auto& m : two.messages)
                         if (m.errorCode() == -32600) ++errors;
                     // §6: "A Response object SHOULD exist for each Request object"; the server "MUST NOT
                     // return an empty Array".
                     auto trimmed = two.body;
                     trimmed.erase(std::remove_if(trimmed.begin(), trimmed.end(), [](unsigned char c) { return std::isspace(c); }), trimmed.end());
                     if (trimmed == "[]") return Outcome::fail("[1,2] -> never an empty array", two.describe());
                     if (errors != 2 && !is4xx(two.httpStatus) && !ambiguous)
                         ambiguous = "[1,2] -> " + two.describe() + " (JSON-RPC 2.0 §6: a -32600 Response SHOULD exist for each element)";
                     auto notes = opened.session->send(R"([{"jsonrpc":"2.0","method":"notifications/x"}])", collect);
                     for (const auto& m : notes.messages)
                         if (m.isResponse()) return Outcome::fail("notifications-only batch -> no answer", excerpt(m.text, 200));
                     if (!ctx.legacy() && notes.httpStatus != 202) return Outcome::fail("notifications-only batch -> 202", notes.describe());
                     if (ambiguous)
                         return Outcome::warn("[] -> a single -32600 error object; [1,2] -> two -32600 errors (JSON-RPC 2.0 §6)", *ambiguous);
                     return Outcome::pass("all three edge cases handled", "[] -> -32600, [1,2] -> 2 errors, notifications -> no answer");
                 }});

    catalog.add({"JR-18", Level::Should, kOnly2025_03, kStreamable,
                 "initialize inside a batch is refused (-32600 or HTTP 400) and creates no session.", kSpec,
                 [](CaseContext& ctx) {
                     auto request = ctx.newRequest("POST");
                     request.headers.push_back({"Content-Type", "application/json"});
                     request.headers.push_back({"Accept", "application/json, text/event-stream"});
                     request.body = "[" + initializeBody(1801, ctx.revisionString()) + R"(,{"jsonrpc":"2.0","id":1802,"method":"ping"}])";
                     auto result = ctx.fetch(request);
                     std::string expected = "[initialize, ping] -> -32600 or HTTP 400, no session";
                     if (is4xx(result.status())) return Outcome::pass(expected, describeHttp(result));
                     if (result.body.find("-32600") != std::string::npos && !result.header("Mcp-Session-Id"))
                         return Outcome::pass(expected, describeHttp(result));
                     return Outcome::fail(expected, describeHttp(result));
                 }});

    catalog.add({"JR-19", Level::Should, kFrom2025_06, kBothTransports,
                 "From 2025-06-18 batching is removed: a JSON array body is refused (HTTP 400 and/or -32600).", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send(R"([{"jsonrpc":"2.0","id":1901,"method":"ping"}])", collect);
                     std::string expected = "[ping] -> HTTP 400 or -32600";
                     if (is4xx(reply.httpStatus) || (reply.response && reply.response->errorCode() == -32600))
                         return Outcome::pass(expected, reply.describe());
                     return Outcome::fail(expected, "the batch was processed: " + reply.describe());
                 }});
}

// UTF-8, _meta and unknown members
void addEncodingAndExtensionCases(CaseCatalog& catalog) {
    catalog.add({"JR-20", Level::Must, kAllRevisions, kBothTransports,
                 "Messages are UTF-8 (the rule binds the sender): the server's output is UTF-8 JSON, and invalid UTF-8 input "
                 "is refused (-32700 or 400, preferred) or tolerated, never a crash, 5xx or hang.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     SendOptions collect;
                     collect.await = SendOptions::Await::Collect;
                     auto reply = opened.session->send("{\"jsonrpc\":\"2.0\",\"id\":2001,\"method\":\"ping\",\"params\":{\"x\":\"\xff\xfe\"}}", collect);
                     std::string expected = "invalid UTF-8 -> -32700 or HTTP 400 (preferred) or served; then ping still works";
                     if (reply.httpStatus >= 500 || (!reply.httpStatus && !reply.error.empty()))
                         return Outcome::fail(expected, reply.describe());
                     auto ping = opened.session->request("ping");
                     if (!ping.response || !ping.response->isResult()) return Outcome::fail(expected, "ping afterwards: " + ping.describe());
                     for (const auto& m : opened.session->transcript)
                         if (!mcp::isValidUtf8(m.text) || !m.object) return Outcome::fail("server output is JSON in UTF-8", excerpt(sanitizeUtf8(m.text), 100));
                     bool refused = is4xx(reply.httpStatus) || (reply.response && reply.response->errorCode() == -32700);
                     // MCP's UTF-8 rule binds the sender; RFC 8259 §9 lets a parser accept non-JSON forms.
                     if (!refused) return Outcome::warn(expected, "served (INTEROP: -32700 or 400 preferred): " + reply.describe());
                     return Outcome::pass(expected, reply.describe());
                 }});

    catalog.add({"JR-20.echo", Level::Must, kAllRevisions, kBothTransports,
                 "Non-ASCII text round-trips through the echo fixture unchanged.", kSpec, [](CaseContext& ctx) {
                     const std::string sent = std::string("\xF0\x9F\x98\x80 \xC3\xA9 ") + std::string(1, '\0') + " end";
                     auto call = echoCall(ctx, sent);
                     if (!call) return Outcome::skip("the server has no echo tool with one string parameter in its inputSchema");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = callFixtureTool(*opened.session, *call);
                     auto text = toolText(reply);
                     std::string expected = "echo returns U+1F600, U+00E9 and U+0000 intact";
                     if (!text || toolIsError(reply))
                         return Outcome::blocked("the echo call did not return a result (" + describeAnswer(reply) + "); TL-5 reports tool calls");
                     // The echo may be the raw text or the arguments as JSON (possibly \u-escaped).
                     auto asJson = parseObject(*text);
                     bool intact = text->find(sent) != std::string::npos;
                     if (asJson)
                         for (const auto& [name, value] : *asJson)
                             intact = intact || (value.isString() && value.toString() == sent);
                     if (!intact) return Outcome::fail(expected, describeAnswer(reply));
                     return Outcome::pass(expected, excerpt(*text, 100));
                 }});

    catalog.add({"JR-21", Level::Must, kFrom2025_06, kBothTransports,
                 "Unknown _meta keys are tolerated.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     // tools/list where the server offers tools (the digest's probe), else ping.
                     bool tools = isObjectMember(getObject(opened.session->initializeResult, "capabilities"), "tools");
                     std::string method = tools ? "tools/list" : "ping";
                     std::string expected = method + " with an unknown _meta key -> result";
                     auto reply = opened.session->request(method, obj(R"({"_meta":{"com.example/trace":"1"}})"));
                     if (reply.response && reply.response->isResult()) return Outcome::pass(expected, "result");
                     auto plain = opened.session->request(method);
                     if (!plain.response || !plain.response->isResult())
                         return Outcome::inconclusive(expected, method + " fails without _meta too: " + describeAnswer(plain));
                     return Outcome::fail(expected, describeAnswer(reply) + " (served without _meta)");
                 }});

    catalog.add({"JR-22", Level::Should, kAllRevisions, kBothTransports,
                 "Unknown members in params and capabilities are ignored.", kSpec, [](CaseContext& ctx) {
                     SessionOptions options;
                     options.capabilities = obj(R"({"experimental":{"foo":{}},"bogus":{}})");
                     auto opened = ctx.open(options);
                     if (!opened.session) return Outcome::fail("initialize with unknown capabilities succeeds", opened.error);
                     auto reply = opened.session->request("ping", obj(R"({"unknownMember":1})"));
                     if (!reply.response || !reply.response->isResult())
                         return Outcome::fail("ping with an unknown param succeeds", describeAnswer(reply));
                     return Outcome::pass("unknown members ignored", "initialize and ping succeeded");
                 }});
}

}  // namespace

void addJsonRpcCases(CaseCatalog& catalog) {
    addResponseObjectCases(catalog);
    addRequestAndNotificationCases(catalog);
    addErrorObjectCases(catalog);
    addBatchCases(catalog);
    addEncodingAndExtensionCases(catalog);
}

}  // namespace mcp::conformance
