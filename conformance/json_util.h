// Small, exception-free helpers for reading untrusted JSON with POCO in cases.
//
//   auto obj = parseObject(R"({"result":{}})");
//   if (obj && isObject(obj, "result")) ...
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>

namespace mcp::conformance {

// Parses text as JSON by the server's rules (mcp::parseJsonText: UTF-8 only, exact integers,
// at most kMaxJsonDepth levels); nullopt when it is not such JSON (never throws).
inline constexpr std::size_t kMaxJsonDepth = 128;
// ... and of at most kMaxJsonValues values: a larger payload would cost hundreds of MiB to parse.
inline constexpr std::size_t kMaxJsonValues = 100000;
std::optional<Poco::Dynamic::Var> parseJson(std::string_view text);
// Parses text as a JSON object; null when it is not one.
Poco::JSON::Object::Ptr parseObject(std::string_view text);

Poco::JSON::Object::Ptr getObject(const Poco::JSON::Object::Ptr& obj, const std::string& key);
Poco::JSON::Array::Ptr getArray(const Poco::JSON::Object::Ptr& obj, const std::string& key);
std::optional<std::string> getString(const Poco::JSON::Object::Ptr& obj, const std::string& key);
// An integral number (no fractional part); nullopt otherwise.
std::optional<long long> getInteger(const Poco::JSON::Object::Ptr& obj, const std::string& key);
bool isObjectMember(const Poco::JSON::Object::Ptr& obj, const std::string& key);
bool isStringMember(const Poco::JSON::Object::Ptr& obj, const std::string& key);
bool isBoolMember(const Poco::JSON::Object::Ptr& obj, const std::string& key);
bool isArrayMember(const Poco::JSON::Object::Ptr& obj, const std::string& key);
bool isObjectVar(const Poco::Dynamic::Var& v);
bool isArrayVar(const Poco::Dynamic::Var& v);
bool isStringVar(const Poco::Dynamic::Var& v);
bool isIntegerVar(const Poco::Dynamic::Var& v);
// "string", "integer", "number", "object", "array", "boolean", "null".
std::string jsonTypeName(const Poco::Dynamic::Var& v);

// Compact JSON text of a value (delegates to mcp::toJsonText, never throws).
std::string jsonText(const Poco::Dynamic::Var& v);
// Builds an object from "key": value pairs given as compact JSON text: obj(R"({"a":1})").
Poco::JSON::Object::Ptr obj(std::string_view json);
// Quotes and escapes a string as JSON.
std::string jsonQuote(std::string_view text);
// Valid UTF-8 stays as is; otherwise bytes >= 0x80 become \xNN (reports must be UTF-8).
std::string sanitizeUtf8(std::string_view text);
// Shortens text for a report line: first `max` bytes plus "...".
std::string excerpt(std::string_view text, std::size_t max = 300);

}  // namespace mcp::conformance
