// Fixture tools: finding them, building their arguments from their inputSchema, calling them,
// and answering server-to-client requests.
#include "conformance/fixture_tools.h"

#include "conformance/case_helpers.h"
#include "conformance/json_util.h"

#include <Poco/JSON/Array.h>

namespace mcp::conformance {

const std::vector<std::string> kAskingTools = {"needs_sampling", "needs_elicitation", "test_sampling", "test_elicitation",
                                               "trigger-sampling-request", "trigger-elicitation-request"};
const std::vector<std::string> kProgressTools = {"test_tool_with_progress", "slow", "trigger-long-running-operation"};
const std::vector<std::string> kSlowTools = {"slow", "trigger-long-running-operation"};

namespace {

// Arguments known to make each fixture do its thing quickly.
Poco::JSON::Object::Ptr knownArguments(const std::string& name) {
    if (name == "slow") return obj(R"({"durationMs":3000})");
    if (name == "trigger-long-running-operation") return obj(R"({"duration":3,"steps":3})");
    if (name == "test_sampling" || name == "trigger-sampling-request") return obj(R"({"prompt":"conformance check"})");
    if (name == "test_elicitation") return obj(R"({"message":"conformance check"})");
    return nullptr;
}

Poco::Dynamic::Var plainValue(const Poco::JSON::Object::Ptr& schema) {
    std::string type = getString(schema, "type").value_or("string");
    if (schema && schema->has("enum")) {
        auto values = getArray(schema, "enum");
        if (values && values->size() > 0) return values->get(0);
    }
    if (schema && schema->has("default")) return schema->get("default");
    if (type == "integer" || type == "number") return 1;
    if (type == "boolean") return true;
    if (type == "array") return Poco::JSON::Array::Ptr(new Poco::JSON::Array());
    if (type == "object") return Poco::JSON::Object::Ptr(new Poco::JSON::Object());
    return std::string("conformance");
}

std::string typeOf(const Poco::JSON::Object::Ptr& schema, const std::string& property) {
    return getString(getObject(getObject(schema, "properties"), property), "type").value_or("");
}

bool isNumberType(const std::string& type) { return type == "number" || type == "integer"; }

std::vector<std::string> requiredOf(const Poco::JSON::Object::Ptr& schema) {
    std::vector<std::string> out;
    auto required = getArray(schema, "required");
    for (std::size_t i = 0; required && i < required->size(); ++i)
        if (required->get(i).isString()) out.push_back(required->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

const Poco::JSON::Object::Ptr* schemaInFacts(const CaseContext& ctx, const std::string& name) {
    auto it = ctx.facts.toolSchemas.find(name);
    return it == ctx.facts.toolSchemas.end() ? nullptr : &it->second;
}

}  // namespace

std::string FixtureTool::describe() const { return name + " " + jsonText(arguments); }

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string joinedNames(const std::vector<FixtureTool>& tools) {
    std::vector<std::string> names;
    for (const auto& t : tools) names.push_back(t.name);
    return joined(names);
}

std::optional<FixtureTool> addCall(const CaseContext& ctx, int a, int b) {
    const auto* schema = schemaInFacts(ctx, "add");
    if (!schema || !isNumberType(typeOf(*schema, "a")) || !isNumberType(typeOf(*schema, "b"))) return std::nullopt;
    for (const auto& name : requiredOf(*schema))
        if (name != "a" && name != "b") return std::nullopt;
    return FixtureTool{"add", nullptr, obj("{\"a\":" + std::to_string(a) + ",\"b\":" + std::to_string(b) + "}")};
}

std::optional<FixtureTool> echoCall(const CaseContext& ctx, const std::string& text) {
    const auto* schema = schemaInFacts(ctx, "echo");
    if (!schema) return std::nullopt;
    auto required = requiredOf(*schema);
    std::string property;
    if (required.size() == 1 && typeOf(*schema, required[0]) == "string") property = required[0];
    if (required.empty())
        if (auto props = getObject(*schema, "properties"))
            for (const auto& [name, _] : *props)
                if (typeOf(*schema, name) == "string") {
                    property = name;
                    break;
                }
    if (property.empty()) return std::nullopt;
    Poco::JSON::Object::Ptr arguments = new Poco::JSON::Object;
    arguments->set(property, text);
    return FixtureTool{"echo", nullptr, arguments};
}

std::optional<std::string> toolWithoutRequiredArguments(const CaseContext& ctx, const std::vector<std::string>& names) {
    for (const auto& name : names)
        if (const auto* schema = schemaInFacts(ctx, name); schema && requiredOf(*schema).empty()) return name;
    return std::nullopt;
}

std::optional<FixtureTool> knownGoodCall(const CaseContext& ctx) {
    if (auto add = addCall(ctx, 1, 2)) return add;
    if (auto echo = echoCall(ctx, "hello")) return echo;
    if (auto name = toolWithoutRequiredArguments(ctx, {"getToken", "no_args"})) return FixtureTool{*name, nullptr, obj("{}")};
    return std::nullopt;
}

std::optional<FixtureTool> listedTool(const CaseContext& ctx, const std::string& name) {
    const auto* schema = schemaInFacts(ctx, name);
    if (!schema) return std::nullopt;
    auto known = knownArguments(name);
    return FixtureTool{name, nullptr, known ? known : argumentsFromSchema(*schema)};
}

bool ListedTools::listed() const { return reply.response && isArrayMember(reply.response->result(), "tools"); }

ListedTools listTools(ClientSession& session) {
    ListedTools out;
    out.reply = session.request("tools/list");
    auto tools = out.reply.response ? getArray(out.reply.response->result(), "tools") : nullptr;
    for (std::size_t i = 0; tools && i < tools->size(); ++i)
        if (auto t = tools->getObject(static_cast<unsigned>(i))) out.tools.push_back(t);
    return out;
}

std::optional<Outcome> toolsNotOffered(const ClientSession& session, const ListedTools& listed) {
    if (listed.listed() || isObjectMember(getObject(session.initializeResult, "capabilities"), "tools")) return std::nullopt;
    return Outcome::skip("the server declares no tools capability and tools/list returns no tools (" + describeAnswer(listed.reply) +
                         "): it offers no tools");
}

Poco::JSON::Object::Ptr argumentsFromSchema(const Poco::JSON::Object::Ptr& inputSchema) {
    Poco::JSON::Object::Ptr args = new Poco::JSON::Object();
    auto properties = getObject(inputSchema, "properties");
    for (const auto& name : requiredOf(inputSchema)) args->set(name, plainValue(getObject(properties, name)));
    return args;
}

std::optional<FixtureTool> firstTool(const std::vector<Poco::JSON::Object::Ptr>& tools, const std::vector<std::string>& names) {
    for (const auto& name : names)
        for (const auto& t : tools)
            if (getString(t, "name") == name) {
                auto args = knownArguments(name);
                return FixtureTool{name, t, args ? args : argumentsFromSchema(getObject(t, "inputSchema"))};
            }
    return std::nullopt;
}

RpcReply callFixtureTool(ClientSession& session, const FixtureTool& tool, const SendOptions& options, Poco::JSON::Object::Ptr meta,
                         const std::string& idJson) {
    auto params = obj("{}");
    params->set("name", tool.name);
    params->set("arguments", tool.arguments);
    if (meta) params->set("_meta", meta);
    if (idJson.empty()) return session.request("tools/call", params, options);
    auto body = obj(R"({"jsonrpc":"2.0","method":"tools/call"})");
    body->set("id", parseJson(idJson).value_or(Poco::Dynamic::Var()));
    body->set("params", params);
    return session.send(jsonText(body), options);
}

AskingSession openAskingSession(CaseContext& ctx, Poco::JSON::Object::Ptr capabilities) {
    SessionOptions options;
    options.capabilities = capabilities ? capabilities : askingClientCapabilities();
    AskingSession out{ctx.open(options), {}, std::nullopt};
    if (!out.opened.session) {
        out.unmet = noSession(ctx, out.opened);
        return out;
    }
    auto listed = listTools(*out.opened.session);
    for (const auto& name : kAskingTools)
        if (auto t = firstTool(listed.tools, {name})) out.tools.push_back(*t);
    if (out.tools.empty()) out.unmet = Outcome::skip("the server lists no tool that sends requests to the client (" + joined(kAskingTools) + ")");
    return out;
}

Poco::JSON::Object::Ptr askingClientCapabilities() {
    return obj(R"({"sampling":{},"elicitation":{},"roots":{"listChanged":false}})");
}

std::string clientAnswerTo(const ReceivedMessage& request) {
    std::string id = request.idJson().value_or("null");
    std::string method = request.method();
    std::string result;
    if (method == "sampling/createMessage")
        result = R"({"role":"assistant","content":{"type":"text","text":"conformance sample"},"model":"mcp-conformance","stopReason":"endTurn"})";
    else if (method == "elicitation/create") result = R"({"action":"decline"})";
    else if (method == "roots/list") result = R"({"roots":[]})";
    else if (method == "ping") result = "{}";
    else return clientRefusalOf(request);
    return R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result + "}";
}

std::string clientRefusalOf(const ReceivedMessage& request) {
    return R"({"jsonrpc":"2.0","id":)" + request.idJson().value_or("null") + R"(,"error":{"code":-32601,"message":"Method not found"}})";
}

}  // namespace mcp::conformance
