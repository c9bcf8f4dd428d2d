// ToolCallPlan: call bodies and result checks for mcp-bench's roundtrip scenario.
#include "bench/tool_call_plan.h"

#include "bench/json_member_scanner.h"
#include "protocol/json_text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#include <sstream>

namespace mcp::bench {
namespace {

std::string compactJson(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

std::string callPrefixFor(const std::string& tool) {
    return R"(,"method":"tools/call","params":{"name":)" + compactJson(Poco::Dynamic::Var(tool)) + R"(,"arguments":)";
}

// The text of a JSON string literal, escapes decoded (nullopt when `raw` is not a string).
std::optional<std::string> jsonString(std::string_view raw) {
    if (auto plain = plainJsonString(raw)) return std::string(*plain);
    if (raw.empty() || raw.front() != '"') return std::nullopt;
    auto parsed = mcp::parseJsonText(raw);
    if (!parsed.value || !parsed.value->isString()) return std::nullopt;
    return parsed.value->convert<std::string>();
}

std::optional<double> jsonNumber(std::string_view raw) {
    double value = 0;
    auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (ec != std::errc() || ptr != raw.data() + raw.size() || raw.empty()) return std::nullopt;
    return value;
}

// The first element of the first content item's "text", the place MCP tools put a text answer.
std::optional<std::string_view> firstContentText(std::string_view result) {
    const auto content = findJsonMember(result, "content");
    if (!content) return std::nullopt;
    std::optional<std::string_view> first;
    forEachJsonElement(*content, [&](std::string_view element) {
        first = element;
        return false;
    });
    if (!first) return std::nullopt;
    const auto text = findJsonMember(*first, "text");
    return text ? plainJsonString(*text) : std::nullopt;
}

}  // namespace

bool jsonContains(const Poco::Dynamic::Var& expected, std::string_view actual) {
    while (!actual.empty() && (actual.front() == ' ' || actual.front() == '\n' || actual.front() == '\t' || actual.front() == '\r'))
        actual.remove_prefix(1);
    if (expected.type() == typeid(Poco::JSON::Object::Ptr)) {
        const auto object = expected.extract<Poco::JSON::Object::Ptr>();
        if (actual.empty() || actual.front() != '{') return false;
        for (const auto& [key, value] : *object) {
            const auto member = findJsonMember(actual, key);
            if (!member || !jsonContains(value, *member)) return false;
        }
        return true;
    }
    if (expected.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto array = expected.extract<Poco::JSON::Array::Ptr>();
        std::size_t index = 0;
        bool allMatched = true;
        const bool wellFormed = forEachJsonElement(actual, [&](std::string_view element) {
            if (index >= array->size()) return false;
            allMatched = jsonContains(array->get(static_cast<unsigned>(index++)), element);
            return allMatched;
        });
        return wellFormed && allMatched && index == array->size();
    }
    if (expected.isEmpty()) return actual == "null";
    if (expected.isBoolean()) return actual == (expected.extract<bool>() ? "true" : "false");
    if (expected.isString()) return jsonString(actual) == expected.extract<std::string>();
    if (expected.isNumeric()) {
        const auto number = jsonNumber(actual);
        return number && *number == expected.convert<double>();
    }
    return false;
}

ToolCallPlan ToolCallPlan::addWithSum() {
    ToolCallPlan plan;
    plan.callPrefix_ = callPrefixFor(plan.tool_);
    plan.sumCheck_ = true;
    return plan;
}

std::optional<ToolCallPlan> ToolCallPlan::custom(std::string tool, std::string_view argumentsJson,
                                                 std::string_view expectJson, std::string& error) {
    ToolCallPlan plan;
    plan.tool_ = std::move(tool);
    auto arguments = mcp::parseJsonText(argumentsJson.empty() ? std::string_view("{}") : argumentsJson);
    if (!arguments.value || arguments.value->type() != typeid(Poco::JSON::Object::Ptr)) {
        error = "--arguments must be a JSON object" + (arguments.error.empty() ? "" : " (" + arguments.error + ")");
        return std::nullopt;
    }
    plan.callPrefix_ = callPrefixFor(plan.tool_) + compactJson(*arguments.value);
    if (!expectJson.empty()) {
        auto expected = mcp::parseJsonText(expectJson);
        if (!expected.value) {
            error = "--expect must be JSON (" + expected.error + ")";
            return std::nullopt;
        }
        plan.expected_ = std::move(*expected.value);
    }
    return plan;
}

// Built by concatenation: a POCO object per call would cost more than the server's work on
// the reference server and make the client the bottleneck.
std::string ToolCallPlan::buildCall(std::int64_t id) const {
    std::string body = R"({"jsonrpc":"2.0","id":)";
    body += std::to_string(id);
    body += callPrefix_;
    if (sumCheck_) {
        body += R"({"a":)";
        body += std::to_string(id);
        body += R"(,"b":2})";
    }
    body += "}}";
    return body;
}

std::string_view ToolCallPlan::check(std::string_view resultJson, std::int64_t id) const {
    if (sumCheck_) {
        const auto text = firstContentText(resultJson);
        if (!text) return "add's result has no text content";
        char expected[24];
        auto [end, ec] = std::to_chars(expected, expected + sizeof expected, id + 2);
        if (ec != std::errc() || *text != std::string_view(expected, static_cast<std::size_t>(end - expected)))
            return "wrong sum";
        return {};
    }
    if (expected_ && !jsonContains(*expected_, resultJson)) return "result does not match --expect";
    return {};
}

}  // namespace mcp::bench
