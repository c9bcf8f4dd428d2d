// Tools, resources, prompts and completions for the conformance suites.
#include "reference-server/conformance_fixtures.h"

#include "reference-server/reference_tools.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>

namespace mcp::server {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using namespace std::chrono_literals;

// A 1x1 red PNG and a 1-sample 8 kHz mono WAV.
constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
constexpr const char* kWav = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==";

Object::Ptr parse(const std::string& json) { return Poco::JSON::Parser().parse(json).extract<Object::Ptr>(); }

Object::Ptr text(const std::string& value) {
    Object::Ptr block = new Object();
    block->set("type", "text");
    block->set("text", value);
    return block;
}

Object::Ptr media(const char* type, const char* data, const char* mimeType) {
    Object::Ptr block = new Object();
    block->set("type", type);
    block->set("data", data);
    block->set("mimeType", mimeType);
    return block;
}

Object::Ptr textContents(const std::string& uri, const std::string& mimeType, const std::string& value) {
    Object::Ptr contents = new Object();
    contents->set("uri", uri);
    contents->set("mimeType", mimeType);
    contents->set("text", value);
    return contents;
}

Object::Ptr embedded(Object::Ptr resource) {
    Object::Ptr block = new Object();
    block->set("type", "resource");
    block->set("resource", resource);
    return block;
}

Object::Ptr result(std::initializer_list<Object::Ptr> blocks, bool isError = false) {
    Array::Ptr content = new Array();
    for (const auto& b : blocks) content->add(b);
    return contentResult(content, isError);
}

Tool tool(const std::string& name, const std::string& description, Object::Ptr schema, std::function<void(ToolCall&)> run) {
    return {toolDefinition(name, description, schema), std::move(run)};
}

Tool constant(const std::string& name, const std::string& description, Object::Ptr answer) {
    return tool(name, description, objectSchema({}, false), [answer](ToolCall& call) { call.finish(answer); });
}

std::string stringArgument(ToolCall& call, const char* name) {
    const auto& args = call.arguments();
    return args->has(name) && args->get(name).isString() ? args->getValue<std::string>(name) : "";
}

// --- tools that talk back to the client ---------------------------------------------------

std::string clientError(const JsonRpcMessage& answer) {
    return "The client answered with error " + std::to_string(answer.error.code) + ": " + answer.error.message;
}

// Sends one server-to-client request and answers the call with `describe(result)`.
void askClient(ToolCall& call, const char* capability, const char* method, Object::Ptr params,
               std::function<std::string(const Object::Ptr&)> describe) {
    if (!call.clientSupports(capability))
        return call.finish(textResult(std::string("The client did not declare the ") + capability + " capability", true));
    call.request(method, params, [&call, describe](const JsonRpcMessage& answer) {
        if (!answer.result) return call.finish(textResult(clientError(answer), true));
        call.finish(textResult(describe(answer.result)));
    });
}

void sampling(ToolCall& call) {
    std::string prompt = stringArgument(call, "prompt");
    if (prompt.empty()) return call.failArguments("test_sampling needs a string prompt");
    Object::Ptr message = new Object();
    message->set("role", "user");
    message->set("content", text(prompt));
    Array::Ptr messages = new Array();
    messages->add(message);
    Object::Ptr params = new Object();
    params->set("messages", messages);
    params->set("maxTokens", 100);
    askClient(call, "sampling", "sampling/createMessage", params, [](const Object::Ptr& r) {
        auto content = r->getObject("content");
        return "LLM response: " + (content ? content->optValue<std::string>("text", toJsonText(content)) : toJsonText(r));
    });
}

void elicit(ToolCall& call, const std::string& message, Object::Ptr schema, const char* prefix) {
    Object::Ptr params = new Object();
    params->set("message", message);
    params->set("requestedSchema", schema);
    askClient(call, "elicitation", "elicitation/create", params, [prefix](const Object::Ptr& r) {
        std::string content = r->has("content") ? toJsonText(r->get("content")) : "{}";
        return prefix + std::string("action=") + r->optValue<std::string>("action", "?") + ", content=" + content;
    });
}

constexpr const char* kElicitationSchema = R"({"type":"object","properties":{
  "username":{"type":"string","description":"User's response"},
  "email":{"type":"string","description":"User's email address"}},"required":["username","email"]})";

constexpr const char* kDefaultsSchema = R"({"type":"object","properties":{
  "name":{"type":"string","default":"John Doe"},
  "age":{"type":"integer","default":30},
  "score":{"type":"number","default":95.5},
  "status":{"type":"string","enum":["active","inactive","pending"],"default":"active"},
  "verified":{"type":"boolean","default":true}}})";

constexpr const char* kEnumsSchema = R"({"type":"object","properties":{
  "untitledSingle":{"type":"string","enum":["option1","option2","option3"]},
  "titledSingle":{"type":"string","oneOf":[{"const":"value1","title":"First Option"},{"const":"value2","title":"Second Option"},{"const":"value3","title":"Third Option"}]},
  "legacyEnum":{"type":"string","enum":["opt1","opt2","opt3"],"enumNames":["Option One","Option Two","Option Three"]},
  "untitledMulti":{"type":"array","items":{"type":"string","enum":["option1","option2","option3"]}},
  "titledMulti":{"type":"array","items":{"anyOf":[{"const":"value1","title":"First Choice"},{"const":"value2","title":"Second Choice"},{"const":"value3","title":"Third Choice"}]}}}})";

constexpr const char* kJsonSchema2020 = R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
  "$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
  "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},"additionalProperties":false})";

// --- tools that take time ---------------------------------------------------------------------

// Three info logs 50 ms apart, then the answer (tools-call-with-logging).
void withLogging(ToolCall& call) {
    call.log("info", "Tool execution started");
    call.after(50ms, [&call] {
        call.log("info", "Tool processing data");
        call.after(50ms, [&call] {
            call.log("info", "Tool execution completed");
            call.finish(textResult("Tool with logging executed successfully"));
        });
    });
}

// Progress 0, 50, 100 of 100, 50 ms apart, each with a message ("The message field SHOULD provide
// relevant human readable progress information"; tools-call-with-progress; U-PRG-*).
void withProgress(ToolCall& call) {
    call.progress(0, 100, "started");
    call.after(50ms, [&call] {
        call.progress(50, 100, "halfway");
        call.after(50ms, [&call] {
            call.progress(100, 100, "done");
            call.finish(textResult("Tool with progress executed successfully"));
        });
    });
}

// Answers after `durationMs` (default 5000, at most 60000); notifications/cancelled stops it (U-CAN-2).
void slow(ToolCall& call) {
    std::int64_t ms = 5000;
    const auto& args = call.arguments();
    if (args->has("durationMs")) {
        auto v = args->get("durationMs");
        if (!v.isInteger() || v.convert<std::int64_t>() < 0 || v.convert<std::int64_t>() > 60000)
            return call.failArguments("durationMs must be an integer 0..60000");
        ms = v.convert<std::int64_t>();
    }
    call.progress(0, 1, "sleeping " + std::to_string(ms) + " ms");
    call.after(std::chrono::milliseconds(ms), [&call, ms] {
        call.progress(1, 1, "awake");
        call.finish(textResult("slept " + std::to_string(ms) + " ms"));
    });
}

// Closes the call's SSE stream at once and answers 100 ms later, on the connection the client
// resumes with Last-Event-ID (server-sse-polling, SEP-1699).
void reconnection(ToolCall& call) {
    call.disconnect(500ms);
    call.after(100ms, [&call] { call.finish(textResult("Reconnection test completed: the result followed a resumed stream")); });
}

// One log message at each of the eight levels, lowest first (U-LOG-4).
void logAllLevels(ToolCall& call) {
    for (const char* level : {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"})
        call.log(level, std::string("a message at level ") + level);
    call.finish(textResult("sent one message at each level at or above the session's level"));
}

// Adds or removes `toggled_tool` for this session and says so on the GET stream (TL-14).
void toggleTool(ToolCall& call) {
    auto& toggled = call.session().toggledTools;
    bool nowListed = toggled.erase("toggled_tool") == 0;
    if (nowListed) toggled.insert("toggled_tool");
    call.session().channel->send(serialize(makeNotification("notifications/tools/list_changed")), std::nullopt);
    call.finish(textResult(nowListed ? "toggled_tool is now listed" : "toggled_tool is no longer listed"));
}

// structuredContent that matches its outputSchema, and the same JSON as text (TL-7, TL-8).
void structured(ToolCall& call) {
    Object::Ptr data = parse(R"({"temperature":22.5,"conditions":"sunny","humidity":40})");
    Object::Ptr r = result({text(toJsonText(data))});
    r->set("structuredContent", data);
    call.finish(r);
}

Object::Ptr structuredDefinition() {
    Object::Ptr t = toolDefinition("structured", "Returns weather data as structuredContent with an outputSchema, and as JSON text.",
                                   objectSchema({}, false));
    t->set("outputSchema", parse(R"({"type":"object","properties":{"temperature":{"type":"number"},
        "conditions":{"type":"string"},"humidity":{"type":"number"}},"required":["temperature","conditions","humidity"]})"));
    return t;
}

std::vector<Tool> fixtureTools() {
    Object::Ptr mixedJson = textContents("test://mixed-content-resource", "application/json", R"({"test":"data","value":123})");
    Object::Ptr slowSchema = objectSchema({{"durationMs", "integer"}}, false);
    std::vector<Tool> tools = {
        constant("test_simple_text", "Returns a simple text response.", result({text("This is a simple text response for testing.")})),
        constant("test_image_content", "Returns a 1x1 PNG image.", result({media("image", kPng, "image/png")})),
        constant("test_audio_content", "Returns a tiny WAV audio clip.", result({media("audio", kWav, "audio/wav")})),
        constant("test_embedded_resource", "Returns an embedded text resource.",
                 result({embedded(textContents("test://embedded-resource", "text/plain", "This is an embedded resource content."))})),
        constant("test_multiple_content_types", "Returns text, image and resource content.",
                 result({text("Multiple content types test:"), media("image", kPng, "image/png"), embedded(mixedJson)})),
        constant("test_error_handling", "Always fails with an isError result.",
                 result({text("This tool intentionally returns an error for testing")}, true)),
        tool("test_tool_with_logging", "Sends three info log notifications 50 ms apart, then answers.", objectSchema({}, false), withLogging),
        tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100 (with a progressToken), 50 ms apart.", objectSchema({}, false),
             withProgress),
        tool("test_sampling", "Asks the client for an LLM completion of `prompt` (sampling/createMessage).",
             objectSchema({{"prompt", "string"}}, true), sampling),
        tool("test_elicitation", "Asks the user (elicitation/create) for a username and an email.", objectSchema({{"message", "string"}}, true),
             [](ToolCall& call) { elicit(call, stringArgument(call, "message"), parse(kElicitationSchema), "User response: "); }),
        tool("test_elicitation_sep1034_defaults", "Elicitation whose schema has defaults for every primitive type (SEP-1034).",
             objectSchema({}, false),
             [](ToolCall& call) { elicit(call, "Please review your information", parse(kDefaultsSchema), "Elicitation completed: "); }),
        tool("test_elicitation_sep1330_enums", "Elicitation whose schema has the five enum variants (SEP-1330).", objectSchema({}, false),
             [](ToolCall& call) { elicit(call, "Please select options", parse(kEnumsSchema), "Elicitation completed: "); }),
        tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features", parse(kJsonSchema2020),
             [](ToolCall& call) { call.finish(textResult("received " + toJsonText(call.arguments()))); }),
        tool("test_reconnection", "Closes its SSE stream mid-call; the result arrives after the client resumes (SEP-1699).",
             objectSchema({}, false), reconnection),
        tool("slow", "Answers after durationMs (default 5000, at most 60000); cancellable with notifications/cancelled.", slowSchema, slow),
        tool("log_all_levels", "Sends one log notification at each of the eight levels (filtered by logging/setLevel).",
             objectSchema({}, false), logAllLevels),
        constant("fail", "A tool execution error: an isError result with an explanation.",
                 result({text("fail: the fixture's business operation failed")}, true)),
        tool("raise_internal", "An internal error, reported as JSON-RPC error -32603.", objectSchema({}, false),
             [](ToolCall& call) { call.fail(kInternalError, "raise_internal: an internal error, on purpose"); }),
        tool("toggle_tool", "Adds or removes the tool toggled_tool for this session; sends notifications/tools/list_changed.",
             objectSchema({}, false), toggleTool),
        {structuredDefinition(), structured},
    };
    Tool toggled = constant("toggled_tool", "Listed only while toggle_tool has switched it on.", result({text("toggled_tool is here")}));
    toggled.listedAtStart = false;
    tools.push_back(std::move(toggled));
    return tools;
}

// --- resources and prompts ----------------------------------------------------------------------

Resource resource(const std::string& uri, const std::string& name, const std::string& description, Object::Ptr contents) {
    Object::Ptr d = new Object();
    d->set("uri", uri);
    d->set("name", name);
    d->set("description", description);
    d->set("mimeType", contents->getValue<std::string>("mimeType"));
    return {d, contents};
}

std::vector<Resource> fixtureResources() {
    Object::Ptr binary = new Object();
    binary->set("uri", "test://static-binary");
    binary->set("mimeType", "image/png");
    binary->set("blob", kPng);
    return {
        resource("test://static-text", "Static text", "A static text resource.",
                 textContents("test://static-text", "text/plain", "This is the content of the static text resource.")),
        resource("test://static-binary", "Static binary", "A static PNG image.", binary),
        resource("test://watched-resource", "Watched resource", "A resource clients may subscribe to.",
                 textContents("test://watched-resource", "text/plain", "Watched resource content.")),
    };
}

std::vector<std::string> startingWith(std::vector<std::string> values, const std::string& prefix) {
    std::erase_if(values, [&](const std::string& v) { return v.rfind(prefix, 0) != 0; });
    return values;
}

ResourceTemplate dataTemplate() {
    Object::Ptr d = new Object();
    d->set("uriTemplate", "test://template/{id}/data");
    d->set("name", "Template data");
    d->set("description", "JSON data for any id.");
    d->set("mimeType", "application/json");
    ResourceTemplate t{d, nullptr, nullptr};
    t.read = [](const std::string& uri) -> Object::Ptr {
        const std::string head = "test://template/", tail = "/data";
        if (uri.size() <= head.size() + tail.size() || uri.rfind(head, 0) != 0 || uri.compare(uri.size() - tail.size(), tail.size(), tail) != 0)
            return nullptr;
        std::string id = uri.substr(head.size(), uri.size() - head.size() - tail.size());
        if (id.find('/') != std::string::npos) return nullptr;
        Object::Ptr data = new Object();
        data->set("id", id);
        data->set("templateTest", true);
        data->set("data", "Data for ID: " + id);
        return textContents(uri, "application/json", toJsonText(data));
    };
    t.complete = [](const std::string& variable, const std::string& prefix) {
        return variable == "id" ? startingWith({"1", "2", "3", "123"}, prefix) : std::vector<std::string>{};
    };
    return t;
}

Object::Ptr message(Object::Ptr content) {
    Object::Ptr m = new Object();
    m->set("role", "user");
    m->set("content", content);
    return m;
}

Object::Ptr messages(std::initializer_list<Object::Ptr> contents) {
    Array::Ptr list = new Array();
    for (const auto& c : contents) list->add(message(c));
    Object::Ptr r = new Object();
    r->set("messages", list);
    return r;
}

Object::Ptr promptDefinition(const std::string& name, const std::string& description,
                             std::initializer_list<std::pair<const char*, const char*>> arguments) {
    Object::Ptr d = new Object();
    d->set("name", name);
    d->set("description", description);
    Array::Ptr args = new Array();
    for (auto [argName, argDescription] : arguments) {
        Object::Ptr a = new Object();
        a->set("name", std::string(argName));
        a->set("description", std::string(argDescription));
        a->set("required", true);
        args->add(a);
    }
    d->set("arguments", args);
    return d;
}

std::vector<Prompt> fixturePrompts() {
    auto arg = [](const Object::Ptr& args, const char* name) { return args->optValue<std::string>(name, ""); };
    return {
        {promptDefinition("test_simple_prompt", "A prompt without arguments.", {}),
         [](const Object::Ptr&) { return messages({text("This is a simple prompt for testing.")}); }, nullptr},
        {promptDefinition("test_prompt_with_arguments", "A prompt with two arguments.",
                          {{"arg1", "First test argument"}, {"arg2", "Second test argument"}}),
         [arg](const Object::Ptr& a) {
             return messages({text("Prompt with arguments: arg1='" + arg(a, "arg1") + "', arg2='" + arg(a, "arg2") + "'")});
         },
         [](const std::string& argument, const std::string& prefix) {
             return argument == "arg1" || argument == "arg2" ? startingWith({"paris", "park", "party", "test", "testValue1"}, prefix)
                                                              : std::vector<std::string>{};
         }},
        {promptDefinition("test_prompt_with_embedded_resource", "A prompt that embeds a resource.",
                          {{"resourceUri", "URI of the resource to embed"}}),
         [arg](const Object::Ptr& a) {
             return messages({embedded(textContents(arg(a, "resourceUri"), "text/plain", "Embedded resource content for testing.")),
                              text("Please process the embedded resource above.")});
         },
         nullptr},
        {promptDefinition("test_prompt_with_image", "A prompt with an image.", {}),
         [](const Object::Ptr&) { return messages({media("image", kPng, "image/png"), text("Please analyze the image above.")}); },
         nullptr},
    };
}

}  // namespace

McpCatalog conformanceFixtures() {
    McpCatalog catalog;
    catalog.instructions = "Conformance fixtures: the official MCP conformance suite's test_* tools, resources and prompts, "
                           "and slow, log_all_levels, fail, raise_internal, toggle_tool, structured.";
    catalog.tools = fixtureTools();
    catalog.resources = fixtureResources();
    catalog.resourceTemplates = {dataTemplate()};
    catalog.prompts = fixturePrompts();
    catalog.resourceSubscriptions = true;
    catalog.toolsListChanged = true;
    return catalog;
}

}  // namespace mcp::server
