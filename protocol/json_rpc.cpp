// JSON-RPC 2.0 on POCO JSON: UTF-8 check, parsing with depth limit, message validation,
// builders, and a compact writer that always emits valid JSON (our own, not POCO's
// Stringifier, which prints NaN as `nan`, 1.0 as `1` and passes invalid UTF-8 through).
#include "protocol/json_rpc.h"

#include "protocol/json_request_fast_path.h"
#include "protocol/json_text.h"


#include <charconv>
#include <cmath>
#include <limits>

namespace mcp {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when ill-formed.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t length;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) length = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0) lo = 0xA0;        // no overlongs
        if (b0 == 0xED) hi = 0x9F;        // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0) lo = 0x90;        // no overlongs
        if (b0 == 0xF4) hi = 0x8F;        // <= U+10FFFF
    } else return 0;
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return length;
}

// Writes a JSON string; ill-formed UTF-8 bytes become U+FFFD so the output stays valid.
void writeString(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c == '\n') out.append("\\n");
        else if (c == '\r') out.append("\\r");
        else if (c == '\t') out.append("\\t");
        else if (c < 0x20) {
            out.append("\\u00").push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        } else if (c >= 0x80) {
            std::size_t length = utf8SequenceLength(s, i);
            if (length == 0) {
                out.append("\\ufffd");
                ++i;
            } else {
                out.append(s.substr(i, length));
                i += length;
            }
            continue;
        } else out.push_back(static_cast<char>(c));
        ++i;
    }
    out.push_back('"');
}

void writeDouble(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out.append("null");  // JSON has no NaN or infinity
        return;
    }
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    out.append(text);
    if (text.find_first_of(".e") == std::string_view::npos) out.append(".0");  // stays a double
}

Object::Ptr asObject(const Var& value) {
    if (value.type() == typeid(Object::Ptr)) return value.extract<Object::Ptr>();
    if (value.type() == typeid(Object)) return new Object(value.extract<Object>());
    return nullptr;
}

Array::Ptr asArray(const Var& value) {
    if (value.type() == typeid(Array::Ptr)) return value.extract<Array::Ptr>();
    if (value.type() == typeid(Array)) return new Array(value.extract<Array>());
    return nullptr;
}

// Integer JSON values (never bool, char or floating point) that fit int64.
std::optional<std::int64_t> asInt64(const Var& value) {
    if (value.isEmpty() || value.isBoolean() || value.type() == typeid(char) || !value.isInteger())
        return std::nullopt;
    if (value.isSigned()) return value.convert<Poco::Int64>();
    auto u = value.convert<Poco::UInt64>();
    if (u > static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
}

void writeValue(std::string& out, const Var& value);

void writeObject(std::string& out, const Object& object) {
    out.push_back('{');
    bool first = true;
    for (const std::string& name : object.getNames()) {
        if (!first) out.push_back(',');
        first = false;
        writeString(out, name);
        out.push_back(':');
        writeValue(out, object.get(name));
    }
    out.push_back('}');
}

void writeValue(std::string& out, const Var& value) {
    if (value.isEmpty()) {
        out.append("null");
    } else if (Object::Ptr object = asObject(value)) {
        writeObject(out, *object);
    } else if (Array::Ptr array = asArray(value)) {
        out.push_back('[');
        for (std::size_t i = 0; i < array->size(); ++i) {
            if (i) out.push_back(',');
            writeValue(out, array->get(static_cast<unsigned>(i)));
        }
        out.push_back(']');
    } else if (value.type() == typeid(std::string)) {
        writeString(out, value.extract<std::string>());
    } else if (value.isBoolean()) {
        out.append(value.extract<bool>() ? "true" : "false");
    } else if (value.isNumeric() && value.type() != typeid(char)) {
        if (!value.isInteger()) writeDouble(out, value.convert<double>());
        else if (value.isSigned()) out.append(std::to_string(value.convert<Poco::Int64>()));
        else out.append(std::to_string(value.convert<Poco::UInt64>()));
    } else if (value.isArray() && !value.isString()) {  // Poco::Dynamic::Array
        out.push_back('[');
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (i) out.push_back(',');
            writeValue(out, value[i]);
        }
        out.push_back(']');
    } else {
        writeString(out, value.convert<std::string>());
    }
}

DecodedItem invalid(DecodedItem item, const std::string& reason) {
    item.error = JsonRpcError{kInvalidRequest, "Invalid Request: " + reason, {}};
    return item;
}

}  // namespace

std::string JsonRpcId::toJson() const {
    if (isInteger()) return std::to_string(integer());
    std::string out;
    writeString(out, string());
    return out;
}

Poco::Dynamic::Var JsonRpcId::toVar() const {
    if (isInteger()) return Var(static_cast<Poco::Int64>(integer()));
    return Var(string());
}

std::optional<JsonRpcId> JsonRpcId::fromVar(const Poco::Dynamic::Var& value) {
    if (value.type() == typeid(std::string)) return JsonRpcId(value.extract<std::string>());
    if (auto integer = asInt64(value)) return JsonRpcId(*integer);
    return std::nullopt;
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = utf8SequenceLength(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

DecodedBody decodeJsonRpcBody(std::string_view text, const DecodeLimits& limits) {
    DecodedBody body;
    if (auto request = decodeRequestFast(text, limits.maxDepth)) {
        body.items.push_back(DecodedItem{std::move(request), std::nullopt, std::nullopt, false});
        return body;
    }
    auto parsed = parseJsonText(text, limits.maxDepth);
    if (!parsed.value) {
        body.parseError = true;
        body.parseErrorDetail = parsed.error;
        return body;
    }
    Var root = *parsed.value;
    Array::Ptr batch = asArray(root);
    if (!batch) {
        body.items.push_back(validateJsonRpcValue(root));
        return body;
    }
    body.isBatch = true;
    if (batch->size() == 0) {
        body.emptyBatch = true;
    } else if (batch->size() > limits.maxBatchItems) {
        body.items.push_back(invalid({}, "batch has more than " + std::to_string(limits.maxBatchItems) + " items"));
    } else {
        for (std::size_t i = 0; i < batch->size(); ++i)
            body.items.push_back(validateJsonRpcValue(batch->get(static_cast<unsigned>(i))));
    }
    return body;
}

DecodedItem validateJsonRpcValue(const Poco::Dynamic::Var& value) {
    DecodedItem item;
    Object::Ptr object = asObject(value);
    if (!object) return invalid(item, "a message must be a JSON object");

    bool hasId = object->has("id");
    Var idValue = object->get("id");
    std::optional<JsonRpcId> id = hasId ? JsonRpcId::fromVar(idValue) : std::nullopt;
    bool hasMethod = object->has("method");
    item.errorId = id;
    item.errorIsForNotification = hasMethod && !hasId;

    Var version = object->get("jsonrpc");
    if (version.type() != typeid(std::string) || version.extract<std::string>() != "2.0")
        return invalid(item, "\"jsonrpc\" must be \"2.0\"");

    JsonRpcMessage message;
    message.id = id;
    bool hasResult = object->has("result"), hasError = object->has("error");
    if (hasMethod) {
        Var method = object->get("method");
        if (method.type() != typeid(std::string)) return invalid(item, "\"method\" must be a string");
        if (hasResult || hasError) return invalid(item, "a request cannot carry \"result\" or \"error\"");
        if (hasId && !id) return invalid(item, "\"id\" must be a string or an integer");
        if (object->has("params")) {
            message.params = asObject(object->get("params"));
            if (!message.params) return invalid(item, "\"params\" must be an object");
        }
        message.kind = hasId ? MessageKind::Request : MessageKind::Notification;
        message.method = method.extract<std::string>();
    } else {
        if (!hasResult && !hasError) return invalid(item, "a message needs \"method\", \"result\" or \"error\"");
        if (hasResult && hasError) return invalid(item, "a response cannot carry both \"result\" and \"error\"");
        if (!hasId) return invalid(item, "a response needs an \"id\"");
        // An error response may have "id": null (the request id was unreadable).
        if (!id && !(hasError && idValue.isEmpty())) return invalid(item, "\"id\" must be a string or an integer");
        if (hasResult) {
            message.kind = MessageKind::Response;
            message.result = asObject(object->get("result"));
            if (!message.result) return invalid(item, "\"result\" must be an object");
        } else {
            message.kind = MessageKind::Error;
            Object::Ptr error = asObject(object->get("error"));
            if (!error) return invalid(item, "\"error\" must be an object");
            auto code = asInt64(error->get("code"));
            if (!code || *code < std::numeric_limits<int>::min() || *code > std::numeric_limits<int>::max())
                return invalid(item, "\"error.code\" must be an integer");
            Var errorMessage = error->get("message");
            if (errorMessage.type() != typeid(std::string))
                return invalid(item, "\"error.message\" must be a string");
            message.error = JsonRpcError{static_cast<int>(*code), errorMessage.extract<std::string>(),
                                         error->get("data")};
        }
    }
    return DecodedItem{std::move(message), std::nullopt, std::nullopt, false};
}

JsonRpcMessage makeRequest(JsonRpcId id, std::string method, Poco::JSON::Object::Ptr params) {
    JsonRpcMessage m;
    m.kind = MessageKind::Request;
    m.id = std::move(id);
    m.method = std::move(method);
    m.params = std::move(params);
    return m;
}

JsonRpcMessage makeNotification(std::string method, Poco::JSON::Object::Ptr params) {
    JsonRpcMessage m;
    m.kind = MessageKind::Notification;
    m.method = std::move(method);
    m.params = std::move(params);
    return m;
}

JsonRpcMessage makeInitializeRequest(JsonRpcId id, std::string protocolVersion, std::string clientName,
                                     std::string clientVersion, Poco::JSON::Object::Ptr capabilities) {
    Object::Ptr clientInfo = new Object;
    clientInfo->set("name", std::move(clientName));
    clientInfo->set("version", std::move(clientVersion));
    Object::Ptr params = new Object;
    params->set("protocolVersion", std::move(protocolVersion));
    params->set("capabilities", capabilities ? capabilities : Object::Ptr(new Object));
    params->set("clientInfo", clientInfo);
    return makeRequest(std::move(id), "initialize", params);
}

JsonRpcMessage makeResult(JsonRpcId id, Poco::JSON::Object::Ptr result) {
    JsonRpcMessage m;
    m.kind = MessageKind::Response;
    m.id = std::move(id);
    m.result = std::move(result);
    return m;
}

JsonRpcMessage makeErrorResponse(std::optional<JsonRpcId> id, int code, std::string message,
                                 Poco::Dynamic::Var data) {
    JsonRpcMessage m;
    m.kind = MessageKind::Error;
    m.id = std::move(id);
    m.error = JsonRpcError{code, std::move(message), std::move(data)};
    return m;
}

std::string serialize(const JsonRpcMessage& message) {
    std::string out = R"({"jsonrpc":"2.0")";
    auto writeId = [&] { out.append(",\"id\":").append(message.id ? message.id->toJson() : "null"); };
    switch (message.kind) {
        case MessageKind::Request:
        case MessageKind::Notification:
            if (message.kind == MessageKind::Request) writeId();
            out.append(",\"method\":");
            writeString(out, message.method);
            if (message.params) {
                out.append(",\"params\":");
                writeObject(out, *message.params);
            }
            break;
        case MessageKind::Response:
            writeId();
            out.append(",\"result\":");
            if (message.result) writeObject(out, *message.result);
            else out.append("{}");
            break;
        case MessageKind::Error:
            writeId();
            out.append(",\"error\":{\"code\":").append(std::to_string(message.error.code));
            out.append(",\"message\":");
            writeString(out, message.error.message);
            if (!message.error.data.isEmpty()) {
                out.append(",\"data\":");
                writeValue(out, message.error.data);
            }
            out.append("}");
            break;
    }
    out.push_back('}');
    return out;
}

std::string serializeBatch(const std::vector<JsonRpcMessage>& messages) {
    std::string out = "[";
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i) out.push_back(',');
        out.append(serialize(messages[i]));
    }
    out.push_back(']');
    return out;
}

std::string toJsonText(const Poco::Dynamic::Var& value) {
    std::string out;
    writeValue(out, value);
    return out;
}

}  // namespace mcp
