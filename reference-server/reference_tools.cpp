// add, getToken, echo and stream.
#include "reference-server/reference_tools.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace mcp::server {
namespace {

using Poco::JSON::Object;

std::optional<double> number(const Object::Ptr& args, const char* name) {
    if (!args->has(name)) return std::nullopt;
    Poco::Dynamic::Var v = args->get(name);
    if (v.isEmpty() || v.isBoolean() || v.isString() || !v.isNumeric()) return std::nullopt;
    double d = v.convert<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
}

std::optional<std::int64_t> integer(const Object::Ptr& args, const char* name) {
    if (!args->has(name)) return std::nullopt;
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
        constexpr std::string_view head =
            R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":)";
        constexpr std::string_view pad = R"(,"pad":")";
        constexpr std::string_view tail = R"("}}})";
        char digits[24];
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, seq_++);
        std::string_view seq(digits, static_cast<std::size_t>(end - digits));
        std::size_t used = head.size() + seq.size() + pad.size() + tail.size();
        out.append(head).append(seq).append(pad);
        if (size_ > used) out.append(size_ - used, 'x');
        out.append(tail);
        return true;
    }

private:
    std::uint64_t count_;
    std::size_t size_;
    std::uint64_t seq_ = 0;
};

void add(ToolCall& call) {
    auto a = number(call.arguments(), "a");
    auto b = number(call.arguments(), "b");
    if (!a || !b) return call.failArguments("add needs numeric arguments a and b");
    call.finish(textResult(formatNumber(*a + *b)));
}

void getToken(ToolCall& call) { call.finish(textResult("User's token: " + call.session().authorization)); }

void echo(ToolCall& call) { call.finish(textResult(toJsonText(call.arguments()))); }

void stream(ToolCall& call) {
    auto count = integer(call.arguments(), "count");
    auto size = integer(call.arguments(), "size");
    if (!count || !size || *count < 0 || static_cast<std::uint64_t>(*count) > kMaxStreamEvents || *size < 0 ||
        static_cast<std::uint64_t>(*size) > kMaxStreamEventBytes)
        return call.failArguments("stream needs integer count (0..1000000) and size (0..65536)");
    call.streamBefore(std::make_shared<BenchStream>(*count, *size));
    call.finish(textResult("streamed " + std::to_string(*count)));
}

}  // namespace

Object::Ptr objectSchema(std::initializer_list<std::pair<const char*, const char*>> properties, bool required) {
    Object::Ptr props = new Object();
    Poco::JSON::Array::Ptr names = new Poco::JSON::Array();
    for (auto [name, type] : properties) {
        Object::Ptr p = new Object();
        p->set("type", std::string(type));
        props->set(name, p);
        names->add(std::string(name));
    }
    Object::Ptr s = new Object();
    s->set("type", "object");
    s->set("properties", props);
    if (required && names->size() > 0) s->set("required", names);
    return s;
}

Object::Ptr toolDefinition(const std::string& name, const std::string& description, Object::Ptr inputSchema) {
    Object::Ptr t = new Object();
    t->set("name", name);
    t->set("description", description);
    t->set("inputSchema", inputSchema);
    return t;
}

McpCatalog referenceCatalog() {
    McpCatalog catalog;
    catalog.instructions =
        "Reference bearer-auth MCP server. Tools: add {a, b} and getToken, which returns the "
        "Authorization header value this session was opened with.";
    catalog.tools = {
        {toolDefinition("add", "Adds two numbers and returns the sum as text.", objectSchema({{"a", "number"}, {"b", "number"}}, true)), add},
        {toolDefinition("getToken", "Returns the Authorization header value this session was opened with.", objectSchema({}, false)),
         getToken},
        {toolDefinition("echo", "Returns its arguments as JSON text.", objectSchema({}, false)), echo},
        {toolDefinition("stream", "Benchmark fixture: sends `count` log notifications of about `size` bytes each, then answers.",
                        objectSchema({{"count", "integer"}, {"size", "integer"}}, true)),
         stream},
    };
    return catalog;
}

}  // namespace mcp::server
