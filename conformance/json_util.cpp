// Exception-free JSON access helpers.
#include "conformance/json_util.h"

#include "protocol/json_rpc.h"
#include "protocol/json_text.h"

#include <cmath>

namespace mcp::conformance {

std::optional<Poco::Dynamic::Var> parseJson(std::string_view text) {
    return mcp::parseJsonText(text, kMaxJsonDepth, kMaxJsonValues).value;
}

Poco::JSON::Object::Ptr parseObject(std::string_view text) {
    auto v = parseJson(text);
    if (!v || !isObjectVar(*v)) return nullptr;
    return v->extract<Poco::JSON::Object::Ptr>();
}

bool isObjectVar(const Poco::Dynamic::Var& v) { return v.type() == typeid(Poco::JSON::Object::Ptr); }
bool isArrayVar(const Poco::Dynamic::Var& v) { return v.type() == typeid(Poco::JSON::Array::Ptr); }
bool isStringVar(const Poco::Dynamic::Var& v) { return !v.isEmpty() && v.isString(); }

bool isIntegerVar(const Poco::Dynamic::Var& v) {
    if (v.isEmpty() || v.isString() || v.isBoolean() || isObjectVar(v) || isArrayVar(v)) return false;
    if (v.isInteger()) return true;
    if (v.isNumeric()) {
        try {
            double d = v.convert<double>();
            return std::isfinite(d) && std::floor(d) == d;
        } catch (...) {
        }
    }
    return false;
}

std::string jsonTypeName(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (isObjectVar(v)) return "object";
    if (isArrayVar(v)) return "array";
    if (v.isBoolean()) return "boolean";
    if (v.isString()) return "string";
    if (v.isInteger()) return "integer";
    if (v.isNumeric()) return "number";
    return "unknown";
}

Poco::JSON::Object::Ptr getObject(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key)) return nullptr;
    auto v = o->get(key);
    return isObjectVar(v) ? v.extract<Poco::JSON::Object::Ptr>() : nullptr;
}

Poco::JSON::Array::Ptr getArray(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key)) return nullptr;
    auto v = o->get(key);
    return isArrayVar(v) ? v.extract<Poco::JSON::Array::Ptr>() : nullptr;
}

std::optional<std::string> getString(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key)) return std::nullopt;
    auto v = o->get(key);
    if (!isStringVar(v)) return std::nullopt;
    return v.extract<std::string>();
}

std::optional<long long> getInteger(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key)) return std::nullopt;
    auto v = o->get(key);
    if (!isIntegerVar(v)) return std::nullopt;
    try {
        return v.convert<long long>();
    } catch (...) {
        return std::nullopt;
    }
}

bool isObjectMember(const Poco::JSON::Object::Ptr& o, const std::string& key) { return getObject(o, key) != nullptr; }
bool isArrayMember(const Poco::JSON::Object::Ptr& o, const std::string& key) { return getArray(o, key) != nullptr; }
bool isStringMember(const Poco::JSON::Object::Ptr& o, const std::string& key) { return getString(o, key).has_value(); }
bool isBoolMember(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    return o && o->has(key) && o->get(key).isBoolean();
}

std::string jsonText(const Poco::Dynamic::Var& v) {
    try {
        return mcp::toJsonText(v);
    } catch (...) {
        return "<unprintable>";
    }
}

Poco::JSON::Object::Ptr obj(std::string_view json) {
    auto o = parseObject(json);
    return o ? o : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
}

std::string jsonQuote(std::string_view text) { return jsonText(Poco::Dynamic::Var(std::string(text))); }

std::string sanitizeUtf8(std::string_view text) {
    if (mcp::isValidUtf8(text)) return std::string(text);
    std::string out;
    for (unsigned char c : text) {
        if (c < 0x80) out += static_cast<char>(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

std::string excerpt(std::string_view text, std::size_t max) {
    if (text.size() <= max) return std::string(text);
    return std::string(text.substr(0, max)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace mcp::conformance
