// Tool cases (TL-1 .. TL-16): tool descriptions, results, and errors.
#include "conformance/case_helpers.h"
#include "conformance/fixture_tools.h"

#include <regex>
#include <set>

namespace mcp::conformance {
namespace {

const char* kSpec = "server/tools";

// Checks a tools/call result's shape (TL-5): content array of known block types; isError boolean.
std::optional<std::string> resultShapeProblem(const Poco::JSON::Object::Ptr& result, mcp::Revision revision) {
    if (!result) return "no result object";
    auto content = getArray(result, "content");
    if (!content) return "content is not an array";
    if (result->has("isError") && !isBoolMember(result, "isError")) return "isError is not a boolean";
    std::set<std::string> allowed = {"text", "image", "resource"};
    if (revision >= mcp::Revision::V2025_03_26) allowed.insert("audio");
    if (revision >= mcp::Revision::V2025_06_18) allowed.insert("resource_link");
    for (std::size_t i = 0; i < content->size(); ++i) {
        auto block = content->getObject(static_cast<unsigned>(i));
        auto type = getString(block, "type");
        if (!type || !allowed.count(*type)) return "content block of type " + type.value_or("<none>") + " not allowed at this revision";
        if (*type == "text" && !isStringMember(block, "text")) return "text block without a string text";
        if ((*type == "image" || *type == "audio") && (!isStringMember(block, "data") || !isStringMember(block, "mimeType")))
            return *type + " block without data/mimeType";
    }
    return std::nullopt;
}

struct BadArguments {
    std::string suffix;
    std::string params;
    bool schemaBreak;   // (c), (d): breaks CallToolRequest itself -> always -32602
};

}  // namespace

namespace {

// Listing tools: tool definitions and names
void addToolListingCases(CaseCatalog& catalog) {
    catalog.add({"TL-1", Level::Must, kAllRevisions, kBothTransports,
                 "Each tool has a string name and an object inputSchema with \"type\":\"object\".", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto listed = listTools(*opened.session);
                     if (auto none = toolsNotOffered(*opened.session, listed)) return *none;
                     if (!listed.listed()) return Outcome::fail("tools/list -> tools array", describeAnswer(listed.reply));
                     for (const auto& tool : listed.tools) {
                         auto schema = getObject(tool, "inputSchema");
                         if (!isStringMember(tool, "name") || !schema || getString(schema, "type") != "object" ||
                             (tool && tool->has("description") && !isStringMember(tool, "description")))
                             return Outcome::fail("{name: string, inputSchema: {type: object}}", excerpt(jsonText(tool), 300));
                         if (tool->has("outputSchema") && getString(getObject(tool, "outputSchema"), "type") != "object")
                             return Outcome::fail("outputSchema has type object", excerpt(jsonText(tool), 300));
                     }
                     if (listed.tools.empty()) return Outcome::inconclusive("{name: string, inputSchema: {type: object}}", "tools/list lists no tool");
                     return Outcome::pass("well-formed tools", std::to_string(listed.tools.size()) + " tools");
                 }});

    catalog.add({"TL-2", Level::Must, kOnly2025_11, kBothTransports,
                 "inputSchema (and outputSchema) is a JSON Schema object, never null.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto listed = listTools(*opened.session);
                     if (auto none = toolsNotOffered(*opened.session, listed)) return *none;
                     if (!listed.listed()) return Outcome::fail("tools/list -> tools array", describeAnswer(listed.reply));
                     for (const auto& tool : listed.tools) {
                         if (!isObjectMember(tool, "inputSchema") || (tool->has("outputSchema") && !isObjectMember(tool, "outputSchema")))
                             return Outcome::fail("schemas are objects", excerpt(jsonText(tool), 300));
                     }
                     if (listed.tools.empty()) return Outcome::inconclusive("schemas are objects", "tools/list lists no tool");
                     return Outcome::pass("schemas are objects", std::to_string(listed.tools.size()) + " tools");
                 }});

    catalog.add({"TL-3", Level::Should, kOnly2025_11, kBothTransports,
                 "Tool names are 1-128 characters of [A-Za-z0-9_.-].", kSpec, [](CaseContext& ctx) {
                     static const std::regex name("^[A-Za-z0-9_.-]{1,128}$");
                     if (ctx.facts.tools.empty()) return Outcome::inconclusive("names match [A-Za-z0-9_.-]{1,128}", "tools/list named no tool");
                     for (const auto& tool : ctx.facts.tools)
                         if (!std::regex_match(tool, name)) return Outcome::fail("names match [A-Za-z0-9_.-]{1,128}", tool);
                     return Outcome::pass("names match [A-Za-z0-9_.-]{1,128}", std::to_string(ctx.facts.tools.size()) + " names");
                 }});

    catalog.add({"TL-4", Level::Should, kAllRevisions, kBothTransports,
                 "Tool names are unique.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto listed = listTools(*opened.session);
                     if (auto none = toolsNotOffered(*opened.session, listed)) return *none;
                     if (!listed.listed()) return Outcome::fail("tools/list -> tools array", describeAnswer(listed.reply));
                     std::set<std::string> names;
                     for (const auto& tool : listed.tools) {
                         auto n = getString(tool, "name").value_or("");
                         if (!names.insert(n).second) return Outcome::fail("unique names", "duplicate " + n);
                     }
                     return Outcome::pass("unique names", std::to_string(names.size()) + " names");
                 }});
}

// Calling tools: arguments and the tool result (content, structuredContent)
void addToolCallCases(CaseCatalog& catalog) {
    catalog.add({"TL-5", Level::Must, kAllRevisions, kBothTransports,
                 "A tools/call result has a content array of known block types and an optional boolean isError.", kSpec,
                 [](CaseContext& ctx) {
                     auto call = knownGoodCall(ctx);
                     if (!call) return Outcome::skip("no tool whose arguments the suite can build from its inputSchema (add, echo, getToken)");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = callFixtureTool(*opened.session, *call);
                     // The shape of a result is judged; an error answer holds none (TL-9/JR-13 judge errors).
                     if (!reply.response || !reply.response->isResult())
                         return Outcome::inconclusive("{content: [...], isError?: boolean}", call->describe() + " returned no result to check: " + describeAnswer(reply));
                     if (auto problem = resultShapeProblem(reply.response->result(), ctx.revision))
                         return Outcome::fail("{content: [...], isError?: boolean}", *problem + ": " + excerpt(reply.response->text, 200));
                     return Outcome::pass("{content: [...], isError?: boolean}", call->name + ": " + excerpt(reply.response->text, 200));
                 }});

    catalog.add({"TL-5.add-sum", Level::Must, kAllRevisions, kBothTransports,
                 "The add fixture returns the text of the sum.", "fixture contract (reference server)", [](CaseContext& ctx) {
                     if (!addCall(ctx, 20, 22)) return Outcome::skip("the server has no add tool taking numbers a and b");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->callTool("add", obj(R"({"a":20,"b":22})"));
                     auto text = toolText(reply);
                     if (!text || text->find("42") == std::string::npos) return Outcome::fail("add {20,22} -> text containing 42", describeAnswer(reply));
                     return Outcome::pass("add {20,22} -> text containing 42", *text);
                 }});

    catalog.add({"TL-6", Level::May, kFrom2025_06, kBothTransports,
                 "structuredContent, when present, is a JSON object.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto call = listedTool(ctx, "structured");
                     if (!call) call = knownGoodCall(ctx);
                     if (!call) return Outcome::skip("no tool whose arguments the suite can build from its inputSchema");
                     auto reply = callFixtureTool(*opened.session, *call);
                     auto result = reply.response ? reply.response->result() : nullptr;
                     if (!result || !result->has("structuredContent"))
                         return Outcome::inconclusive("structuredContent is an object when present", call->name + " returned no structuredContent");
                     if (!isObjectMember(result, "structuredContent"))
                         return Outcome::fail("structuredContent is an object", excerpt(reply.response->text, 200));
                     return Outcome::pass("structuredContent is an object when present", describeAnswer(reply));
                 }});

    catalog.add({"TL-7", Level::Must, kFrom2025_06, kBothTransports,
                 "A tool that declares outputSchema returns structuredContent on success.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto listed = listTools(*opened.session);
                     if (auto none = toolsNotOffered(*opened.session, listed)) return *none;
                     if (!listed.listed()) return Outcome::fail("tools/list -> tools", describeAnswer(listed.reply));
                     std::string unjudged;
                     for (const auto& tool : listed.tools) {
                         auto schema = getObject(tool, "outputSchema");
                         if (!schema) continue;
                         auto name = getString(tool, "name").value_or("");
                         // Arguments for the required inputs, from the tool's own inputSchema.
                         auto call = opened.session->callTool(name, argumentsFromSchema(getObject(tool, "inputSchema")));
                         auto result = call.response ? call.response->result() : nullptr;
                         // Only successful results must carry structuredContent: an isError result or an
                         // error answer (the generated arguments may not satisfy the tool) judges nothing.
                         if (!result || toolIsError(call)) {
                             unjudged += (unjudged.empty() ? "" : "; ") + name + ": " + describeAnswer(call);
                             continue;
                         }
                         if (!isObjectMember(result, "structuredContent"))
                             return Outcome::fail(name + " declares outputSchema -> structuredContent", describeAnswer(call));
                         auto required = getArray(schema, "required");
                         for (std::size_t k = 0; required && k < required->size(); ++k)
                             if (!getObject(result, "structuredContent")->has(required->getElement<std::string>(static_cast<unsigned>(k))))
                                 return Outcome::fail("structuredContent has the required properties", describeAnswer(call));
                         return Outcome::pass("structuredContent matches outputSchema", describeAnswer(call));
                     }
                     if (!unjudged.empty())
                         return Outcome::inconclusive("structuredContent matches outputSchema",
                                                      "no tool with an outputSchema returned a successful result: " + excerpt(unjudged, 400));
                     return Outcome::skip("no listed tool declares an outputSchema");
                 }});

    catalog.add({"TL-8", Level::Should, kFrom2025_06, kBothTransports,
                 "Alongside structuredContent the result includes a text block with its JSON.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     // Prefer a tool that declares an outputSchema, with arguments from its inputSchema.
                     std::optional<FixtureTool> fixture;
                     for (const auto& tool : listTools(*opened.session).tools)
                         if (getObject(tool, "outputSchema")) {
                             fixture = FixtureTool{getString(tool, "name").value_or(""), tool, argumentsFromSchema(getObject(tool, "inputSchema"))};
                             break;
                         }
                     if (!fixture) fixture = knownGoodCall(ctx);
                     if (!fixture) return Outcome::skip("no tool whose arguments the suite can build from its inputSchema");
                     auto call = callFixtureTool(*opened.session, *fixture);
                     auto result = call.response ? call.response->result() : nullptr;
                     auto structured = getObject(result, "structuredContent");
                     if (!structured)
                         return Outcome::inconclusive("a text block holding the structuredContent JSON", "no structuredContent returned by " + fixture->name);
                     auto text = toolText(call).value_or("");
                     auto parsed = parseObject(text);
                     if (!parsed || jsonText(parsed) != jsonText(structured))
                         return Outcome::fail("a text block holding the structuredContent JSON", excerpt(call.response->text, 300));
                     return Outcome::pass("a text block holding the structuredContent JSON", "ok");
                 }});

    catalog.add({"TL-16", Level::Must, kAllRevisions, kBothTransports,
                 "arguments is optional: a tool without required parameters can be called without it.", kSpec,
                 [](CaseContext& ctx) {
                     auto found = toolWithoutRequiredArguments(ctx, {"no_args", "getToken"});
                     if (!found) return Outcome::skip("no tool whose inputSchema requires nothing (no_args, getToken)");
                     const std::string& tool = *found;
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->callTool(tool, nullptr);
                     std::string expected = "tools/call " + tool + " without arguments -> success";
                     if (!reply.response || !reply.response->isResult() || toolIsError(reply)) return Outcome::fail(expected, describeAnswer(reply));
                     return Outcome::pass(expected, "result");
                 }});
}

// Error handling: protocol errors and isError results
void addToolErrorCases(CaseCatalog& catalog) {
    catalog.add({"TL-9", Level::Must, kAllRevisions, kBothTransports,
                 "Calling an unknown tool is a JSON-RPC protocol error (-32602), not an isError result.", kSpec,
                 [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->callTool("no_such_tool_123", obj("{}"));
                     std::string expected = "tools/call no_such_tool_123 -> JSON-RPC error -32602";
                     // "Protocol Errors: Standard JSON-RPC errors for issues like: Unknown tools" (server/tools
                     // §Error Handling): a result is the deviation; the code is JR-13's to judge (-32602 in
                     // every revision's example), so another code is a warning.
                     if (!reply.response) {
                         if (is4xx(reply.httpStatus))
                             return Outcome::warn(expected, "refused at the HTTP level without a JSON-RPC error: " + reply.describe());
                         return Outcome::inconclusive(expected, "no answer to judge: " + reply.describe());
                     }
                     if (reply.response->isResult())
                         return Outcome::fail(expected, "a result (isError: " + std::string(toolIsError(reply) ? "true" : "false") + "): " + excerpt(reply.response->text, 200));
                     if (reply.response->errorCode() != -32602) return Outcome::warn(expected, describeAnswer(reply));
                     return Outcome::pass(expected, describeAnswer(reply));
                 }});

    const std::vector<BadArguments> bad = {
        {"wrong-type", R"({"name":"add","arguments":{"a":"x","b":2}})", false},
        {"missing-argument", R"({"name":"add","arguments":{"a":1}})", false},
        {"arguments-string", R"({"name":"add","arguments":"str"})", true},
        {"name-missing", R"({"arguments":{"a":1,"b":2}})", true},
    };
    for (const auto& v : bad) {
        catalog.add({"TL-10." + v.suffix, v.schemaBreak ? Level::Must : Level::Should, kAllRevisions, kBothTransports,
                     "Bad tool arguments are reported as the revision says (" + v.suffix + ").", kSpec, [v](CaseContext& ctx) {
                         if (!v.schemaBreak && !addCall(ctx, 1, 2)) return Outcome::skip("needs an add tool taking numbers a and b (its inputSchema says what a wrong argument is)");
                         auto opened = ctx.open();
                         if (!opened.session) return noSession(ctx, opened);
                         auto params = obj(v.params);
                         // (c) names a tool the server lists, so only the arguments break the schema.
                         if (v.schemaBreak && params->has("name"))
                             if (auto listed = knownGoodCall(ctx)) params->set("name", listed->name);
                         auto reply = opened.session->request("tools/call", params);
                         bool protocolError = reply.response && reply.response->errorCode() == -32602;
                         bool toolError = toolIsError(reply);
                         if (v.schemaBreak) {
                             // A request that fails the CallToolRequest schema is a protocol error (server/tools
                             // §Error Handling): a result fails; the error code is JR-13's (a warning here).
                             std::string expected = jsonText(params) + " -> a protocol error (-32602)";
                             if (protocolError) return Outcome::pass(expected, describeAnswer(reply));
                             if (reply.response && reply.response->isResult()) return Outcome::fail(expected, describeAnswer(reply));
                             if ((reply.response && reply.response->isError()) || is4xx(reply.httpStatus))
                                 return Outcome::warn(expected, "a protocol error with another code (JR-13 grades codes): " + describeAnswer(reply));
                             return Outcome::inconclusive(expected, "no answer to judge: " + reply.describe());
                         }
                         if (ctx.revision == mcp::Revision::V2025_11_25) {
                             if (toolError) return Outcome::pass(v.params + " -> isError result (2025-11-25)", describeAnswer(reply));
                             return Outcome::fail(v.params + " -> isError result (2025-11-25)", describeAnswer(reply));
                         }
                         if (protocolError || toolError) return Outcome::pass(v.params + " -> -32602 or isError", describeAnswer(reply));
                         return Outcome::fail(v.params + " -> -32602 or isError", describeAnswer(reply));
                     }});
    }

    catalog.add({"TL-11", Level::Should, kAllRevisions, kBothTransports,
                 "Errors inside a tool come back as a result with isError:true and explanatory content.", kSpec,
                 [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("fail")) return Outcome::skip("needs the fail fixture tool");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto reply = opened.session->callTool("fail", obj("{}"));
                     if (toolIsError(reply) && toolText(reply).value_or("").size()) return Outcome::pass("isError result with text", describeAnswer(reply));
                     return Outcome::fail("isError result with text", describeAnswer(reply));
                 }});
}

// Security considerations: input validation and rate limits
void addToolSecurityCases(CaseCatalog& catalog) {
    catalog.add({"TL-12", Level::Must, kAllRevisions, kBothTransports,
                 "The server validates tool input: hostile arguments get an error, never a crash or 5xx.", kSpec,
                 [](CaseContext& ctx) {
                     if (!addCall(ctx, 1, 2)) return Outcome::skip("needs an add tool taking numbers a and b (hostile values go where numbers belong)");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     std::string deep = std::string(1000, '[') + std::string(1000, ']');
                     std::string big(1 << 20, 'x');
                     const std::vector<std::pair<std::string, std::string>> vectors = {
                         {"1000-deep nesting", R"({"name":"add","arguments":{"a":)" + deep + R"(,"b":1}})"},
                         {"1 MiB string", R"({"name":"add","arguments":{"a":")" + big + R"(","b":1}})"},
                         {"__proto__ key", R"({"name":"add","arguments":{"__proto__":{"a":1},"a":1,"b":2}})"},
                         {"NaN-like strings", R"({"name":"add","arguments":{"a":"NaN","b":"Infinity"}})"},
                     };
                     int n = 0;
                     std::string refused, unanswered;
                     for (const auto& [what, params] : vectors) {
                         SendOptions collect;
                         collect.await = SendOptions::Await::Collect;
                         // A fresh id per vector: a request id is never reused within a session (basic/index).
                         auto reply = opened.session->send(requestBody("\"tl12-" + std::to_string(++n) + "\"", "tools/call", params), collect);
                         if (reply.httpStatus >= 500) return Outcome::fail(what + " -> an error, never a 5xx", reply.describe());
                         if (reply.response && reply.response->isResult() && !toolIsError(reply) && what != "__proto__ key")
                             return Outcome::fail(what + " -> an error or isError", describeAnswer(reply));
                         bool answered = reply.response || is4xx(reply.httpStatus);
                         auto& list = answered ? refused : unanswered;
                         list += (list.empty() ? "" : ", ") + what;
                     }
                     // A vector that got no answer (a dropped connection, a size limit) judges nothing by
                     // itself: the server must still be up afterwards.
                     auto ping = opened.session->request("ping");
                     if (!ping.response) return Outcome::fail("the server is still up after hostile arguments", ping.describe());
                     if (refused.empty()) return Outcome::inconclusive("hostile arguments refused", "no vector was answered: " + unanswered);
                     return Outcome::pass("hostile arguments refused, server up",
                                          "refused: " + refused + (unanswered.empty() ? "" : "; unanswered (server still up): " + unanswered));
                 }});

    catalog.add({"TL-13", Level::Info, kAllRevisions, kBothTransports,
                 "The server rate-limits tool invocations.", kSpec, [](CaseContext& ctx) {
                     auto call = knownGoodCall(ctx);
                     if (!call) return Outcome::skip("no tool whose arguments the suite can build from its inputSchema");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     int throttled = 0;
                     for (int i = 0; i < 20; ++i) {
                         auto reply = callFixtureTool(*opened.session, *call);
                         if (reply.httpStatus == 429 || (reply.response && reply.response->isError())) ++throttled;
                     }
                     return Outcome::info("throttling on a burst", std::to_string(throttled) + " of 20 " + call->name + " calls throttled");
                 }});
}

// List changed notification
void addToolListChangedCases(CaseCatalog& catalog) {
    catalog.add({"TL-14", Level::Should, kAllRevisions, kBothTransports,
                 "A server with tools.listChanged:true sends notifications/tools/list_changed when tools change.", kSpec,
                 [](CaseContext& ctx) {
                     if (!ctx.facts.hasTool("toggle_tool")) return Outcome::skip("needs the toggle_tool fixture");
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto tools = getObject(getObject(s.initializeResult, "capabilities"), "tools");
                     if (!tools || !tools->has("listChanged") || !tools->get("listChanged").isBoolean() || !tools->getValue<bool>("listChanged"))
                         return Outcome::skip("the server does not declare tools.listChanged:true");
                     auto names = [&] {
                         std::set<std::string> out;
                         for (const auto& t : listTools(s).tools) out.insert(getString(t, "name").value_or(""));
                         return out;
                     };
                     auto before = names();
                     // Streamable HTTP: the notification belongs on the GET stream, so open one first.
                     std::unique_ptr<HttpStream> get;
                     if (!ctx.legacy()) {
                         auto request = ctx.newRequest("GET", std::nullopt, false);
                         request.headers = s.sessionHeaders();
                         request.headers.push_back({"Accept", "text/event-stream"});
                         auto getStream = ctx.http.open(request, ctx.target.timeout);
                         if (!getStream.stream || getStream.stream->head().status != 200)
                             return Outcome::skip("no GET stream to receive the notification on (" +
                                                  (getStream.stream ? "HTTP " + std::to_string(getStream.stream->head().status) : getStream.error) + ")");
                         get = std::move(getStream.stream);
                     }
                     s.callTool("toggle_tool", obj("{}"));
                     bool announced = false;
                     if (get) {
                         mcp::SseParser parser(1 << 20);
                         SseCapture capture;
                         readSse(*get, parser, capture, Clock::now() + milliseconds(3000), [&](const mcp::SseEvent& e) {
                             for (const auto& m : parseMessages(e.data, "get-sse"))
                                 if (m.method() == "notifications/tools/list_changed") announced = true;
                             return announced;
                         });
                     } else {
                         s.drain(milliseconds(500));
                     }
                     for (const auto& m : s.transcript)
                         if (m.method() == "notifications/tools/list_changed") announced = true;
                     auto after = names();
                     s.callTool("toggle_tool", obj("{}"));   // put the tool set back
                     std::string expected = std::string("notifications/tools/list_changed on the ") +
                                            (ctx.legacy() ? "SSE stream" : "GET stream") + ", and tools/list shows the change";
                     if (before == after) return Outcome::skip("toggle_tool did not change tools/list, so there was nothing to announce");
                     if (!announced) return Outcome::fail(expected, "tools/list changed (" + std::to_string(before.size()) + " -> " +
                                                                    std::to_string(after.size()) + " tools) but no notification arrived within 3 s");
                     return Outcome::pass(expected, "announced; " + std::to_string(before.size()) + " -> " + std::to_string(after.size()) + " tools");
                 }});

    catalog.add({"TL-15", Level::Should, kAllRevisions, kBothTransports,
                 "No tools/list_changed is sent unless listChanged:true was declared.", kSpec, [](CaseContext& ctx) {
                     auto opened = ctx.open();
                     if (!opened.session) return noSession(ctx, opened);
                     auto& s = *opened.session;
                     auto tools = getObject(getObject(s.initializeResult, "capabilities"), "tools");
                     bool declared = tools && isBoolMember(tools, "listChanged") && tools->get("listChanged").convert<bool>();
                     if (declared) return Outcome::skip("the server declares tools.listChanged:true");
                     if (auto call = knownGoodCall(ctx)) callFixtureTool(s, *call);
                     s.settle();
                     for (const auto& m : s.transcript)
                         if (m.method() == "notifications/tools/list_changed")
                             return Outcome::fail("no list_changed without listChanged:true", excerpt(m.text, 200));
                     return Outcome::inconclusive("no undeclared list_changed", "nothing changed the tool set, and no list_changed was seen");
                 }});
}

}  // namespace

void addToolCases(CaseCatalog& catalog) {
    addToolListingCases(catalog);
    addToolCallCases(catalog);
    addToolErrorCases(catalog);
    addToolSecurityCases(catalog);
    addToolListChangedCases(catalog);
}

}  // namespace mcp::conformance
