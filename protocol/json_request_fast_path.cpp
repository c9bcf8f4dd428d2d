// decodeRequestFast: simdjson DOM parse in a per-thread parser, a walk of the top-level
// members (the last of duplicate keys wins, as in POCO), POCO values for params only.
#include "protocol/json_request_fast_path.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <simdjson.h>

#include <string>

namespace mcp {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;
using simdjson::dom::element;
using simdjson::dom::element_type;

// A parser per thread, sized for kFastPathMaxBytes and the depth it was last asked for, and
// the buffer the text is copied into with the padding simdjson reads ahead into.
struct ThreadParser {
    simdjson::dom::parser parser{kFastPathMaxBytes};
    std::size_t maxDepth = 0;
    std::string padded;
};

Object::Ptr toObject(simdjson::dom::object object);

// The value the general path's POCO parse gives: Int64, UInt64 (beyond int64 only), double,
// std::string, bool, empty for null, Object::Ptr and Array::Ptr. simdjson's element types
// split integers the same way and refuse integers beyond 64 bits.
Var toVar(element value) {
    switch (value.type()) {
    case element_type::OBJECT:
        return toObject(value.get_object().value_unsafe());
    case element_type::ARRAY: {
        Array::Ptr array = new Array;
        simdjson::dom::array elements = value.get_array().value_unsafe();
        for (element item : elements) array->add(toVar(item));
        return array;
    }
    case element_type::INT64:
        return Var(static_cast<Poco::Int64>(value.get_int64().value_unsafe()));
    case element_type::UINT64:
        return Var(static_cast<Poco::UInt64>(value.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
        return Var(value.get_double().value_unsafe());
    case element_type::STRING:
        return Var(std::string(value.get_string().value_unsafe()));
    case element_type::BOOL:
        return Var(value.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
        break;
    }
    return Var();
}

Object::Ptr toObject(simdjson::dom::object object) {
    Object::Ptr out = new Object;
    for (auto member : object) out->set(std::string(member.key), toVar(member.value));
    return out;
}

}  // namespace

std::optional<JsonRpcMessage> decodeRequestFast(std::string_view text, std::size_t maxDepth) {
    if (text.size() > kFastPathMaxBytes) return std::nullopt;
    thread_local ThreadParser fast;
    if (fast.maxDepth != maxDepth) {
        if (fast.parser.allocate(kFastPathMaxBytes, maxDepth) != simdjson::SUCCESS) return std::nullopt;
        fast.maxDepth = maxDepth;
    }
    fast.padded.assign(text);
    fast.padded.append(simdjson::SIMDJSON_PADDING, '\0');
    simdjson::dom::object members;
    if (fast.parser.parse(fast.padded.data(), text.size(), false).get_object().get(members) != simdjson::SUCCESS)
        return std::nullopt;

    std::optional<element> version, id, method, params;
    for (auto member : members) {
        std::string_view key = member.key;
        if (key == "jsonrpc") version = member.value;
        else if (key == "id") id = member.value;
        else if (key == "method") method = member.value;
        else if (key == "params") params = member.value;
        else if (key == "result" || key == "error") return std::nullopt;
    }
    std::string_view versionText, methodText;
    if (!version || version->get_string().get(versionText) != simdjson::SUCCESS || versionText != "2.0")
        return std::nullopt;
    if (!method || method->get_string().get(methodText) != simdjson::SUCCESS) return std::nullopt;

    JsonRpcMessage message;
    message.kind = id ? MessageKind::Request : MessageKind::Notification;
    message.method = methodText;
    if (id) {
        if (id->type() == element_type::INT64) message.id = JsonRpcId(id->get_int64().value_unsafe());
        else if (id->type() == element_type::STRING) message.id = JsonRpcId(std::string(id->get_string().value_unsafe()));
        else return std::nullopt;
    }
    if (params) {
        if (params->type() != element_type::OBJECT) return std::nullopt;
        message.params = toObject(params->get_object().value_unsafe());
    }
    return message;
}

}  // namespace mcp
