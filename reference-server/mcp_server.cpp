// MCP lifecycle, negotiation and the tools add, getToken, echo and stream.
#include "reference-server/mcp_server.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace mcp::server {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::array<std::string_view, 8> kLogLevels = {"debug", "info", "notice", "warning",
                                                        "error", "critical", "alert", "emergency"};
constexpr std::string_view kServerName = "mcp-reference-server";
constexpr std::string_view kServerVersion = "0.1.0";

Object::Ptr object() { return new Object(); }

Object::Ptr textResult(const std::string& text, bool isError = false) {
    Object::Ptr block = object();
    block->set("type", "text");
    block->set("text", text);
    Array::Ptr content = new Array();
    content->add(block);
    Object::Ptr result = object();
    result->set("content", content);
    if (isError) result->set("isError", true);
    return result;
}

Object::Ptr schema(std::initializer_list<std::pair<const char*, const char*>> properties, bool required) {
    Object::Ptr props = object();
    Array::Ptr names = new Array();
    for (auto [name, type] : properties) {
        Object::Ptr p = object();
        p->set("type", std::string(type));
        props->set(name, p);
        names->add(std::string(name));
    }
    Object::Ptr s = object();
    s->set("type", "object");
    s->set("properties", props);
    if (required && names->size() > 0) s->set("required", names);
    return s;
}

Object::Ptr tool(const char* name, const char* description, Object::Ptr inputSchema) {
    Object::Ptr t = object();
    t->set("name", std::string(name));
    t->set("description", std::string(description));
    t->set("inputSchema", inputSchema);
    return t;
}

std::optional<double> number(const Object::Ptr& args, const char* name) {
    if (!args || !args->has(name)) return std::nullopt;
    Poco::Dynamic::Var v = args->get(name);
    if (v.isEmpty() || v.isBoolean() || v.isString() || !v.isNumeric()) return std::nullopt;
    double d = v.convert<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
}

std::optional<std::int64_t> integer(const Object::Ptr& args, const char* name) {
    if (!args || !args->has(name)) return std::nullopt;
    Poco::Dynamic::Var v = args->get(name);
    if (v.isEmpty() || v.isBoolean() || !v.isInteger()) return std::nullopt;
    return v.convert<std::int64_t>();
}

std::string formatNumber(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}

// The `stream` benchmark tool's notifications: {"seq":k,"pad":"xx.."} log messages.
class BenchStream : public MessageSequence {
public:
    BenchStream(std::uint64_t count, std::size_t size) : count_(count), size_(size) {}
    bool next(std::string& out) override {
        if (seq_ >= count_) return false;
        std::string head = R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":)" +
                           std::to_string(seq_++) + R"(,"pad":")";
        constexpr std::string_view tail = R"("}}})";
        out += head;
        std::size_t used = head.size() + tail.size();
        if (size_ > used) out.append(size_ - used, 'x');
        out += tail;
        return true;
    }

private:
    std::uint64_t count_;
    std::size_t size_;
    std::uint64_t seq_ = 0;
};

}  // namespace

Object::Ptr toolListResult() {
    Array::Ptr tools = new Array();
    tools->add(tool("add", "Adds two numbers and returns the sum as text.",
                    schema({{"a", "number"}, {"b", "number"}}, true)));
    tools->add(tool("getToken", "Returns the Authorization header value this session was opened with.",
                    schema({}, false)));
    tools->add(tool("echo", "Returns its arguments as JSON text.", schema({}, false)));
    tools->add(tool("stream",
                    "Benchmark fixture: sends `count` log notifications of about `size` bytes each, then answers.",
                    schema({{"count", "integer"}, {"size", "integer"}}, true)));
    Object::Ptr result = object();
    result->set("tools", tools);
    return result;
}

McpServer::McpServer(FaultSet faults) : faults_(faults) {}

McpReply McpServer::handle(const JsonRpcMessage& message, McpSession& session) {
    McpReply reply;
    if (message.isRequest()) {
        JsonRpcMessage response = handleRequest(message, session, reply);
        if (faults_.has(Fault::IdStringified) && response.id && response.id->isInteger())
            response.id = JsonRpcId(std::to_string(response.id->integer()));
        reply.response = std::move(response);
    } else if (message.isNotification()) {
        // JR-6: notifications are never answered, whatever they are.
        if (message.method == "notifications/initialized" && session.revision) session.clientInitialized = true;
        if (faults_.has(Fault::NotificationAnswered))
            reply.response = makeErrorResponse(std::nullopt, kMethodNotFound, "Unhandled notification");
    }
    // Responses from the client: this server sends no requests, so there is nothing to match.
    return reply;
}

JsonRpcMessage McpServer::handleRequest(const JsonRpcMessage& request, McpSession& session, McpReply& reply) {
    const std::string& method = request.method;
    if (method == "ping") return makeResult(*request.id, object());
    if (method == "initialize") return initialize(request, session);
    if (!session.revision)
        return makeErrorResponse(request.id, kInvalidRequest, "Session not initialized: send initialize first");
    if (method == "tools/list") {
        if (request.params && request.params->has("cursor"))
            return makeErrorResponse(request.id, kInvalidParams, "Invalid cursor: the tool list has one page");
        return makeResult(*request.id, toolListResult());
    }
    if (method == "tools/call") return callTool(request, session, reply);
    if (method == "logging/setLevel") return setLogLevel(request, session);
    if (faults_.has(Fault::UnknownMethodOk)) return makeResult(*request.id, object());
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
    Revision revision = negotiateRevision(params->getValue<std::string>("protocolVersion"));
    if (faults_.has(Fault::VersionDowngrade)) revision = Revision::V2024_11_05;
    session.revision = revision;

    Object::Ptr tools = object();
    tools->set("listChanged", false);
    Object::Ptr capabilities = object();
    capabilities->set("tools", tools);
    capabilities->set("logging", object());
    Object::Ptr serverInfo = object();
    serverInfo->set("name", std::string(kServerName));
    serverInfo->set("version", std::string(kServerVersion));
    Object::Ptr result = object();
    result->set("protocolVersion", std::string(toString(revision)));
    result->set("capabilities", capabilities);
    result->set("serverInfo", serverInfo);
    result->set("instructions",
                "Reference bearer-auth MCP server. Tools: add {a, b} and getToken, which returns the "
                "Authorization header value this session was opened with.");
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
    // TL-10: from 2025-11-25 argument validation failures are tool execution errors.
    auto badArguments = [&](const std::string& why) {
        if (argumentErrorsAreToolErrors(*session.revision)) return makeResult(*request.id, textResult(why, true));
        return makeErrorResponse(request.id, kInvalidParams, why);
    };

    if (name == "add") {
        auto a = number(args, "a");
        auto b = number(args, "b");
        if (!a || !b) return badArguments("add needs numeric arguments a and b");
        return makeResult(*request.id, textResult(formatNumber(*a + *b)));
    }
    if (name == "getToken") return makeResult(*request.id, textResult("User's token: " + echoedAuthorization(session)));
    if (name == "echo") return makeResult(*request.id, textResult(args ? toJsonText(args) : "{}"));
    if (name == "stream") {
        auto count = integer(args, "count");
        auto size = integer(args, "size");
        if (!count || !size || *count < 0 || static_cast<std::uint64_t>(*count) > kMaxStreamEvents || *size < 0 ||
            static_cast<std::uint64_t>(*size) > kMaxStreamEventBytes ||
            static_cast<std::uint64_t>(*count) * static_cast<std::uint64_t>(std::max<std::int64_t>(*size, 64)) > kMaxStreamTotalBytes)
            return badArguments("stream needs integer count (0..1000000) and size (0..65536), at most 16 MiB in all");
        reply.notifications = std::make_shared<BenchStream>(*count, *size);
        return makeResult(*request.id, textResult("streamed " + std::to_string(*count)));
    }
    // TL-9: an unknown tool is a protocol error in every revision.
    if (faults_.has(Fault::ToolNotFoundResult)) return makeResult(*request.id, textResult("Unknown tool: " + name, true));
    return makeErrorResponse(request.id, kInvalidParams, "Unknown tool: " + name.substr(0, 100));
}

JsonRpcMessage McpServer::setLogLevel(const JsonRpcMessage& request, McpSession& session) {
    const auto& params = request.params;
    if (params && params->has("level") && params->get("level").isString()) {
        auto level = params->getValue<std::string>("level");
        for (std::size_t i = 0; i < kLogLevels.size(); ++i) {
            if (kLogLevels[i] == level) {
                session.minLogLevel = static_cast<int>(i);
                return makeResult(*request.id, object());
            }
        }
    }
    return makeErrorResponse(request.id, kInvalidParams, "level must be one of the eight syslog level names");
}

std::string McpServer::echoedAuthorization(const McpSession& session) {
    std::string value = session.authorization;
    if (faults_.has(Fault::EchoFirstSession)) {
        std::call_once(firstSessionOnce_, [&] { firstSessionAuthorization_ = value; });
        value = firstSessionAuthorization_;
    }
    if (faults_.has(Fault::EchoSchemeStripped)) {
        auto space = value.find(' ');
        if (space != std::string::npos) value = value.substr(value.find_first_not_of(' ', space));
    }
    if (faults_.has(Fault::EchoTruncated) && value.size() > 64) value.resize(64);
    return value;
}

}  // namespace mcp::server
