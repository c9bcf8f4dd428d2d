// Finding fixture tools and answering server-to-client requests.
#include "conformance/fixture_tools.h"

#include "conformance/case_helpers.h"
#include "conformance/json_util.h"

#include <Poco/JSON/Array.h>

namespace mcpc {

const std::vector<std::string> kAskingTools = {"test_sampling", "test_elicitation", "trigger-sampling-request",
                                               "trigger-elicitation-request"};
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

}  // namespace

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

std::vector<Poco::JSON::Object::Ptr> listTools(McpSession& session) {
    std::vector<Poco::JSON::Object::Ptr> out;
    auto reply = session.request("tools/list");
    auto tools = reply.response ? getArray(reply.response->result(), "tools") : nullptr;
    for (std::size_t i = 0; tools && i < tools->size(); ++i)
        if (auto t = tools->getObject(static_cast<unsigned>(i))) out.push_back(t);
    return out;
}

Poco::JSON::Object::Ptr argumentsFromSchema(const Poco::JSON::Object::Ptr& inputSchema) {
    Poco::JSON::Object::Ptr args = new Poco::JSON::Object();
    auto required = getArray(inputSchema, "required");
    auto properties = getObject(inputSchema, "properties");
    for (std::size_t i = 0; required && i < required->size(); ++i) {
        std::string name = required->getElement<std::string>(static_cast<unsigned>(i));
        args->set(name, plainValue(getObject(properties, name)));
    }
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

RpcReply callFixtureTool(McpSession& session, const FixtureTool& tool, const SendOptions& options, Poco::JSON::Object::Ptr meta,
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

AskingSession openAskingSession(CaseContext& ctx) {
    SessionOptions options;
    options.capabilities = askingClientCapabilities();
    AskingSession out{ctx.open(options), {}, std::nullopt};
    if (!out.opened.session) {
        out.unmet = noSession(ctx, out.opened);
        return out;
    }
    auto listed = listTools(*out.opened.session);
    for (const auto& name : kAskingTools)
        if (auto t = firstTool(listed, {name})) out.tools.push_back(*t);
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
    else return R"({"jsonrpc":"2.0","id":)" + id + R"(,"error":{"code":-32601,"message":"Method not found"}})";
    return R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + result + "}";
}

}  // namespace mcpc
