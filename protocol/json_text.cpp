// parseJsonText: UTF-8 check, number guards, POCO parse, exact negative integers.
#include "protocol/json_text.h"

#include "protocol/json_rpc.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <random>
#include <vector>

namespace mcp {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Magnitudes from which POCO goes wrong: negatives below -2^53 lose precision, literals
// beyond 64 bits wrap.
constexpr std::string_view kExactDoubleLimit = "9007199254740992";   // 2^53
constexpr std::string_view kNegativeLimit = "9223372036854775808";   // -INT64_MIN
constexpr std::string_view kPositiveLimit = "18446744073709551615";  // UINT64_MAX

bool above(std::string_view digits, std::string_view limit) {
    return digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit);
}

// Rewrites number literals POCO would misread: beyond 64 bits -> "<literal>.0" (a double);
// a negative integer below -2^53 -> a string "<marker><literal>" restored exactly after the
// parse. The marker is random per call, so no string in the input can pose as one. The text
// is wrapped in [ ] so that a top-level scalar parses.
std::string prepareForPoco(std::string_view text, const std::string& marker, bool& marked) {
    std::string out = "[";
    out.reserve(text.size() + 2);
    bool inString = false;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (inString) {
            if (c == '\\' && i + 1 < text.size()) out.push_back(text[i++]);
            else if (c == '"') inString = false;
            out.push_back(text[i++]);
            continue;
        }
        if (c == '"') inString = true;
        if (c != '-' && (c < '0' || c > '9')) {
            out.push_back(text[i++]);
            continue;
        }
        std::size_t start = i, digitsStart = c == '-' ? i + 1 : i, end = digitsStart;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        bool integer = end == text.size() || (text[end] != '.' && text[end] != 'e' && text[end] != 'E');
        std::string_view digits = text.substr(digitsStart, end - digitsStart);
        std::string_view literal = text.substr(start, end - start);
        if (integer && c == '-' && above(digits, kExactDoubleLimit) && !above(digits, kNegativeLimit) && digits.front() != '0') {
            out.append("\"").append(marker).append(literal).append("\"");
            marked = true;
        } else {
            out.append(literal);
            if (integer && above(digits, c == '-' ? kNegativeLimit : kPositiveLimit)) out.append(".0");
        }
        // Copy the rest of the token (fraction, exponent) untouched.
        for (i = end; i < text.size() && std::string_view("0123456789.eE+-").find(text[i]) != std::string_view::npos; ++i)
            out.push_back(text[i]);
    }
    out.push_back(']');
    return out;
}

// Puts the exact integers back where prepareForPoco left marked strings.
Var restoreMarked(const Var& value, const std::string& marker) {
    if (value.type() == typeid(Object::Ptr)) {
        auto object = value.extract<Object::Ptr>();
        std::vector<std::string> keys;
        object->getNames(keys);
        for (const auto& key : keys) object->set(key, restoreMarked(object->get(key), marker));
    } else if (value.type() == typeid(Array::Ptr)) {
        auto array = value.extract<Array::Ptr>();
        for (unsigned i = 0; i < array->size(); ++i) array->set(i, restoreMarked(array->get(i), marker));
    } else if (value.type() == typeid(std::string)) {
        const auto& text = value.extract<std::string>();
        if (text.size() > marker.size() && text.compare(0, marker.size(), marker) == 0) {
            std::int64_t n = 0;
            auto [end, ec] = std::from_chars(text.data() + marker.size(), text.data() + text.size(), n);
            if (ec == std::errc() && end == text.data() + text.size()) return Var(static_cast<Poco::Int64>(n));
        }
    }
    return value;
}

std::string randomMarker() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string marker = "\\u0001int:";
    auto bits = rng();
    for (int k = 0; k < 16; ++k, bits >>= 4) marker.push_back(kHex[bits & 0xF]);
    return marker + ":";
}

}  // namespace

std::size_t jsonValueCount(std::string_view text) {
    std::size_t count = 1;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (inString) {
            if (c == '\\') ++i;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == ',' || c == ':' || c == '[' || c == '{') {
            ++count;
        }
    }
    return count;
}

ParsedJson parseJsonText(std::string_view text, std::size_t maxDepth, std::size_t maxValues) {
    ParsedJson out;
    if (maxValues > 0 && jsonValueCount(text) > maxValues) {
        out.error = "JSON has more than " + std::to_string(maxValues) + " values";
        return out;
    }
    if (!isValidUtf8(text)) {
        out.error = "body is not valid UTF-8";
        return out;
    }
    std::string marker = randomMarker();
    bool marked = false;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(maxDepth + 1);  // +1 for the wrapping array
        Var parsed = parser.parse(prepareForPoco(text, marker, marked));
        auto wrapper = parsed.type() == typeid(Array::Ptr) ? parsed.extract<Array::Ptr>() : nullptr;
        if (!wrapper || wrapper->size() != 1) {
            out.error = "body is not a single JSON value";
            return out;
        }
        // In the parsed strings the marker's \u0001 escape is the byte 0x01.
        std::string decodedMarker = "\x01" + marker.substr(6);
        out.value = marked ? restoreMarked(wrapper->get(0), decodedMarker) : wrapper->get(0);
    } catch (const Poco::Exception& e) {
        out.error = "invalid JSON: " + e.message().substr(0, 120);
    } catch (const std::exception& e) {
        out.error = std::string("invalid JSON: ") + std::string(e.what()).substr(0, 120);
    }
    return out;
}

bool identicalJsonValues(const Var& a, const Var& b) {
    if (a.type() != b.type()) return false;
    if (a.isEmpty()) return true;
    if (a.type() == typeid(Object::Ptr)) {
        auto left = a.extract<Object::Ptr>(), right = b.extract<Object::Ptr>();
        std::vector<std::string> names = left->getNames();
        if (names != right->getNames()) return false;
        for (const auto& name : names)
            if (!identicalJsonValues(left->get(name), right->get(name))) return false;
        return true;
    }
    if (a.type() == typeid(Array::Ptr)) {
        auto left = a.extract<Array::Ptr>(), right = b.extract<Array::Ptr>();
        if (left->size() != right->size()) return false;
        for (unsigned i = 0; i < left->size(); ++i)
            if (!identicalJsonValues(left->get(i), right->get(i))) return false;
        return true;
    }
    if (a.type() == typeid(double))
        return std::bit_cast<std::uint64_t>(a.extract<double>()) == std::bit_cast<std::uint64_t>(b.extract<double>());
    return a == b;  // string, bool, Int64, UInt64 of the same type
}

}  // namespace mcp
