// MCP lifecycle, negotiation and the method dispatch over an McpCatalog.
#include "reference-server/mcp_server.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace mcp::server {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view kServerName = "mcp-reference-server";
constexpr std::string_view kServerVersion = "0.2.0";
constexpr std::size_t kMaxCompletionValues = 100;  // the spec's cap per response

Object::Ptr object() { return new Object(); }

std::optional<std::string> stringParam(const JsonRpcMessage& request, const char* name) {
    if (!request.params || !request.params->has(name) || !request.params->get(name).isString()) return std::nullopt;
    return request.params->getValue<std::string>(name);
}

// The single page every list method serves; a cursor is never issued, so any is invalid.
std::optional<JsonRpcMessage> refuseCursor(const JsonRpcMessage& request, const char* what) {
    if (request.params && request.params->has("cursor"))
        return makeErrorResponse(request.id, kInvalidParams, std::string("Invalid cursor: the ") + what + " list has one page");
    return std::nullopt;
}

Object::Ptr listOf(const char* member, const std::vector<Object::Ptr>& definitions) {
    Array::Ptr items = new Array();
    for (const auto& d : definitions) items->add(d);
    Object::Ptr result = object();
    result->set(member, items);
    return result;
}

template <typename T>
std::vector<Object::Ptr> definitionsOf(const std::vector<T>& entries) {
    std::vector<Object::Ptr> out;
    for (const auto& e : entries) out.push_back(e.definition);
    return out;
}

}  // namespace

void McpCatalog::add(McpCatalog other) {
    if (!other.instructions.empty()) instructions += (instructions.empty() ? "" : " ") + other.instructions;
    for (auto& t : other.tools) tools.push_back(std::move(t));
    for (auto& r : other.resources) resources.push_back(std::move(r));
    for (auto& r : other.resourceTemplates) resourceTemplates.push_back(std::move(r));
    for (auto& p : other.prompts) prompts.push_back(std::move(p));
    resourceSubscriptions |= other.resourceSubscriptions;
    toolsListChanged |= other.toolsListChanged;
}

McpServer::McpServer(McpCatalog catalog, std::chrono::milliseconds clientRequestTimeout)
    : catalog_(std::move(catalog)), clientRequestTimeout_(clientRequestTimeout) {}

const Tool* McpServer::findTool(const McpSession& session, const std::string& name) const {
    for (const auto& tool : catalog_.tools)
        if (tool.name() == name) return tool.listedAtStart != (session.toggledTools.count(name) > 0) ? &tool : nullptr;
    return nullptr;
}

Object::Ptr McpServer::toolList(const McpSession& session) const {
    std::vector<Object::Ptr> listed;
    for (const auto& tool : catalog_.tools)
        if (findTool(session, tool.name())) listed.push_back(tool.definition);
    return listOf("tools", listed);
}

McpReply McpServer::handle(const JsonRpcMessage& message, McpSession& session) {
    McpReply reply;
    if (message.isRequest()) {
        JsonRpcMessage response = handleRequest(message, session, reply);
        if (!reply.deferred) reply.response = std::move(response);
    } else if (message.isNotification()) {
        handleNotification(message, session);  // JR-6: never answered, whatever it is
    } else {
        handleResponse(message, session);
    }
    return reply;
}

void McpServer::handleNotification(const JsonRpcMessage& notification, McpSession& session) {
    if (notification.method == "notifications/initialized" && session.revision) session.clientInitialized = true;
    if (notification.method == "notifications/cancelled" && notification.params &&
        notification.params->has("requestId")) {
        // U-CAN-2: stop the work and send no response; unknown or finished ids are ignored (U-CAN-3).
        auto id = JsonRpcId::fromVar(notification.params->get("requestId"));
        auto call = id ? session.callsInFlight.find(*id) : session.callsInFlight.end();
        if (call != session.callsInFlight.end()) call->second->cancel();
    }
}

void McpServer::handleResponse(const JsonRpcMessage& response, McpSession& session) {
    // The client's answer to one of our requests; answers to unknown ids are ignored.
    if (!response.id) return;
    auto waiting = session.awaitingClient.find(*response.id);
    if (waiting == session.awaitingClient.end()) return;
    auto continuation = std::move(waiting->second);
    session.awaitingClient.erase(waiting);
    continuation(response);
}

JsonRpcMessage McpServer::handleRequest(const JsonRpcMessage& request, McpSession& session, McpReply& reply) {
    const std::string& method = request.method;
    if (method == "ping") return makeResult(*request.id, object());
    if (method == "initialize") return initialize(request, session);
    if (!session.revision)
        return makeErrorResponse(request.id, kInvalidRequest, "Session not initialized: send initialize first");
    if (method == "tools/list") return refuseCursor(request, "tool").value_or(makeResult(*request.id, toolList(session)));
    if (method == "tools/call") return callTool(request, session, reply);
    if (method == "logging/setLevel") return setLogLevel(request, session);
    bool resources = !catalog_.resources.empty() || !catalog_.resourceTemplates.empty();
    if (resources && method == "resources/list")
        return refuseCursor(request, "resource").value_or(makeResult(*request.id, listOf("resources", definitionsOf(catalog_.resources))));
    if (resources && method == "resources/templates/list")
        return refuseCursor(request, "resource template")
            .value_or(makeResult(*request.id, listOf("resourceTemplates", definitionsOf(catalog_.resourceTemplates))));
    if (resources && method == "resources/read") return readResource(request);
    if (catalog_.resourceSubscriptions && method == "resources/subscribe") return subscribe(request, session, true);
    if (catalog_.resourceSubscriptions && method == "resources/unsubscribe") return subscribe(request, session, false);
    if (!catalog_.prompts.empty() && method == "prompts/list")
        return refuseCursor(request, "prompt").value_or(makeResult(*request.id, listOf("prompts", definitionsOf(catalog_.prompts))));
    if (!catalog_.prompts.empty() && method == "prompts/get") return getPrompt(request);
    if ((!catalog_.prompts.empty() || resources) && method == "completion/complete") return complete(request);
    return makeErrorResponse(request.id, kMethodNotFound, "Method not found: " + method.substr(0, 100));
}

JsonRpcMessage McpServer::initialize(const JsonRpcMessage& request, McpSession& session) {
    // LC-13: a second initialize on an established session is refused.
    if (session.revision) return makeErrorResponse(request.id, kInvalidRequest, "Session already initialized");
    const auto& params = request.params;
    if (!params || !params->has("protocolVersion") || !params->get("protocolVersion").isString())
        return makeErrorResponse(request.id, kInvalidParams, "initialize needs a string protocolVersion");
    if (params->has("capabilities") && !params->getObject("capabilities"))
        return makeErrorResponse(request.id, kInvalidParams, "capabilities must be an object");
    session.revision = negotiateRevision(params->getValue<std::string>("protocolVersion"));
    session.clientCapabilities = params->has("capabilities") ? params->getObject("capabilities") : object();

    Object::Ptr capabilities = object();
    Object::Ptr tools = object();
    tools->set("listChanged", catalog_.toolsListChanged);
    capabilities->set("tools", tools);
    capabilities->set("logging", object());
    bool resources = !catalog_.resources.empty() || !catalog_.resourceTemplates.empty();
    if (resources) {
        Object::Ptr r = object();
        r->set("subscribe", catalog_.resourceSubscriptions);
        r->set("listChanged", false);
        capabilities->set("resources", r);
    }
    if (!catalog_.prompts.empty()) {
        Object::Ptr p = object();
        p->set("listChanged", false);
        capabilities->set("prompts", p);
    }
    if (resources || !catalog_.prompts.empty()) capabilities->set("completions", object());
    Object::Ptr serverInfo = object();
    serverInfo->set("name", std::string(kServerName));
    serverInfo->set("version", std::string(kServerVersion));
    Object::Ptr result = object();
    result->set("protocolVersion", std::string(toString(*session.revision)));
    result->set("capabilities", capabilities);
    result->set("serverInfo", serverInfo);
    result->set("instructions", catalog_.instructions);
    return makeResult(*request.id, result);
}

JsonRpcMessage McpServer::callTool(const JsonRpcMessage& request, McpSession& session, McpReply& reply) {
    const auto& params = request.params;
    if (!params || !params->has("name") || !params->get("name").isString())
        return makeErrorResponse(request.id, kInvalidParams, "tools/call needs a string name");
    Object::Ptr args;
    if (params->has("arguments") && !params->get("arguments").isEmpty()) {
        args = params->getObject("arguments");
        if (!args) return makeErrorResponse(request.id, kInvalidParams, "arguments must be an object");
    }
    std::string name = params->getValue<std::string>("name");
    const Tool* tool = findTool(session, name);
    // TL-9: an unknown tool is a protocol error in every revision.
    if (!tool) return makeErrorResponse(request.id, kInvalidParams, "Unknown tool: " + name.substr(0, 100));
    if (session.callsInFlight.count(*request.id))
        return makeErrorResponse(request.id, kInvalidRequest, "A call with this id is still in progress");
    if (session.callsInFlight.size() + session.awaitingClient.size() >= kMaxPendingPerSession)
        return makeErrorResponse(request.id, kInternalError, "Too many calls in progress on this session");

    Object::Ptr meta = params->has("_meta") ? params->getObject("_meta") : nullptr;
    auto call = std::make_shared<ToolCall>(*request.id, args, meta, session, clientRequestTimeout_);
    session.callsInFlight.emplace(*request.id, call);
    tool->run(*call);
    call->answeringNow_ = false;
    if (!call->done()) {
        reply.deferred = true;  // the tool answers later through the session's channel
        return {};
    }
    session.callsInFlight.erase(*request.id);
    reply.notifications = std::move(call->sequence_);
    return std::move(*call->immediate_);
}

JsonRpcMessage McpServer::setLogLevel(const JsonRpcMessage& request, McpSession& session) {
    auto level = stringParam(request, "level");
    auto index = level ? logLevelIndex(*level) : std::nullopt;
    if (!index) return makeErrorResponse(request.id, kInvalidParams, "level must be one of the eight syslog level names");
    session.minLogLevel = *index;
    return makeResult(*request.id, object());
}

JsonRpcMessage McpServer::readResource(const JsonRpcMessage& request) {
    auto uri = stringParam(request, "uri");
    if (!uri) return makeErrorResponse(request.id, kInvalidParams, "resources/read needs a string uri");
    Object::Ptr contents;
    for (const auto& r : catalog_.resources)
        if (r.definition->getValue<std::string>("uri") == *uri) contents = r.contents;
    for (const auto& t : catalog_.resourceTemplates)
        if (!contents) contents = t.read(*uri);
    // -32002 is the spec's "resource not found" code.
    if (!contents) return makeErrorResponse(request.id, -32002, "Resource not found", *uri);
    Array::Ptr list = new Array();
    list->add(contents);
    Object::Ptr result = object();
    result->set("contents", list);
    return makeResult(*request.id, result);
}

JsonRpcMessage McpServer::subscribe(const JsonRpcMessage& request, McpSession& session, bool on) {
    auto uri = stringParam(request, "uri");
    if (!uri) return makeErrorResponse(request.id, kInvalidParams, "a string uri is required");
    if (on && session.subscriptions.size() >= kMaxPendingPerSession)
        return makeErrorResponse(request.id, kInvalidRequest, "Too many subscriptions on this session");
    if (on) session.subscriptions.insert(*uri);
    else session.subscriptions.erase(*uri);
    return makeResult(*request.id, object());
}

JsonRpcMessage McpServer::getPrompt(const JsonRpcMessage& request) {
    auto name = stringParam(request, "name");
    if (!name) return makeErrorResponse(request.id, kInvalidParams, "prompts/get needs a string name");
    auto prompt = std::find_if(catalog_.prompts.begin(), catalog_.prompts.end(),
                               [&](const Prompt& p) { return p.definition->getValue<std::string>("name") == *name; });
    if (prompt == catalog_.prompts.end()) return makeErrorResponse(request.id, kInvalidParams, "Unknown prompt: " + name->substr(0, 100));
    Object::Ptr args = request.params->has("arguments") ? request.params->getObject("arguments") : nullptr;
    if (request.params->has("arguments") && !args) return makeErrorResponse(request.id, kInvalidParams, "arguments must be an object");
    if (auto declared = prompt->definition->getArray("arguments")) {
        for (std::size_t i = 0; i < declared->size(); ++i) {
            auto argument = declared->getObject(static_cast<unsigned>(i));
            std::string argName = argument->getValue<std::string>("name");
            bool required = argument->has("required") && argument->getValue<bool>("required");
            if (required && (!args || !args->has(argName) || !args->get(argName).isString()))
                return makeErrorResponse(request.id, kInvalidParams, "Missing required argument: " + argName);
        }
    }
    return makeResult(*request.id, prompt->get(args ? args : object()));
}

JsonRpcMessage McpServer::complete(const JsonRpcMessage& request) {
    const auto& params = request.params;
    Object::Ptr ref = params && params->has("ref") ? params->getObject("ref") : nullptr;
    Object::Ptr argument = params && params->has("argument") ? params->getObject("argument") : nullptr;
    if (!ref || !argument || !ref->has("type") || !argument->has("name") || !argument->has("value"))
        return makeErrorResponse(request.id, kInvalidParams, "completion/complete needs ref and argument {name, value}");
    std::string type = ref->optValue<std::string>("type", "");
    std::string argName = argument->optValue<std::string>("name", "");
    std::string prefix = argument->optValue<std::string>("value", "");
    std::vector<std::string> values;
    bool found = false;
    if (type == "ref/prompt") {
        std::string name = ref->optValue<std::string>("name", "");
        for (const auto& p : catalog_.prompts)
            if (p.definition->getValue<std::string>("name") == name) {
                found = true;
                if (p.complete) values = p.complete(argName, prefix);
            }
    } else if (type == "ref/resource") {
        std::string uri = ref->optValue<std::string>("uri", "");
        for (const auto& t : catalog_.resourceTemplates)
            if (t.definition->getValue<std::string>("uriTemplate") == uri) {
                found = true;
                if (t.complete) values = t.complete(argName, prefix);
            }
    } else {
        return makeErrorResponse(request.id, kInvalidParams, "ref.type must be ref/prompt or ref/resource");
    }
    if (!found) return makeErrorResponse(request.id, kInvalidParams, "Unknown completion reference");
    std::size_t total = values.size();
    if (values.size() > kMaxCompletionValues) values.resize(kMaxCompletionValues);
    Array::Ptr list = new Array();
    for (const auto& v : values) list->add(v);
    Object::Ptr completion = object();
    completion->set("values", list);
    completion->set("total", total);
    completion->set("hasMore", total > values.size());
    Object::Ptr result = object();
    result->set("completion", completion);
    return makeResult(*request.id, result);
}

}  // namespace mcp::server
