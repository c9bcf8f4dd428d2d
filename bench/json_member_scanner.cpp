// JsonMemberScanner: a bounded, allocation-free scan over one level of a JSON object.
#include "bench/json_member_scanner.h"

#include <charconv>
#include <cstring>

namespace mcp::bench {
namespace {

constexpr int kMaxDepth = 64;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skipSpace(std::string_view s, std::size_t i) {
    while (i < s.size() && isSpace(s[i])) ++i;
    return i;
}

// i at the opening quote; returns the index after the closing quote, or npos.
// memchr finds candidate quotes fast in long strings (the stream events' padding); a quote
// preceded by an odd run of backslashes is escaped and the search goes on.
std::size_t skipString(std::string_view s, std::size_t i) {
    for (++i; i < s.size();) {
        const void* hit = std::memchr(s.data() + i, '"', s.size() - i);
        if (!hit) return std::string_view::npos;
        const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
        std::size_t backslashes = 0;
        while (quote - backslashes > i && s[quote - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return quote + 1;
        i = quote + 1;
    }
    return std::string_view::npos;
}

// i at the first byte of a value; returns the index after it, or npos.
std::size_t skipValue(std::string_view s, std::size_t i) {
    if (i >= s.size()) return std::string_view::npos;
    if (s[i] == '"') return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i);
                if (i == std::string_view::npos) return i;
                continue;
            }
            if (c == '{' || c == '[') {
                if (++depth > kMaxDepth) return std::string_view::npos;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) return i + 1;
            }
            ++i;
        }
        return std::string_view::npos;
    }
    const std::size_t start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i])) ++i;
    return i == start ? std::string_view::npos : i;
}

}  // namespace

bool forEachJsonMember(std::string_view s,
                       const std::function<bool(std::string_view key, std::string_view value)>& onMember) {
    std::size_t i = skipSpace(s, 0);
    if (i >= s.size() || s[i] != '{') return false;
    i = skipSpace(s, i + 1);
    if (i < s.size() && s[i] == '}') return true;
    while (i < s.size()) {
        if (s[i] != '"') return false;
        const std::size_t keyEnd = skipString(s, i);
        if (keyEnd == std::string_view::npos) return false;
        const std::string_view name = s.substr(i + 1, keyEnd - i - 2);
        i = skipSpace(s, keyEnd);
        if (i >= s.size() || s[i] != ':') return false;
        i = skipSpace(s, i + 1);
        const std::size_t valueEnd = skipValue(s, i);
        if (valueEnd == std::string_view::npos) return false;
        if (!onMember(name, s.substr(i, valueEnd - i))) return true;
        i = skipSpace(s, valueEnd);
        if (i < s.size() && s[i] == '}') return true;
        if (i >= s.size() || s[i] != ',') return false;
        i = skipSpace(s, i + 1);
    }
    return false;
}

bool forEachJsonElement(std::string_view s, const std::function<bool(std::string_view value)>& onElement) {
    std::size_t i = skipSpace(s, 0);
    if (i >= s.size() || s[i] != '[') return false;
    i = skipSpace(s, i + 1);
    if (i < s.size() && s[i] == ']') return true;
    while (i < s.size()) {
        const std::size_t valueEnd = skipValue(s, i);
        if (valueEnd == std::string_view::npos) return false;
        if (!onElement(s.substr(i, valueEnd - i))) return true;
        i = skipSpace(s, valueEnd);
        if (i < s.size() && s[i] == ']') return true;
        if (i >= s.size() || s[i] != ',') return false;
        i = skipSpace(s, i + 1);
    }
    return false;
}

namespace {

// The member `key` of the object at the start of `s`: its value text when `withExtent`, else
// everything from the value's first byte on (enough to descend into it without walking it twice).
std::optional<std::string_view> locateMember(std::string_view s, std::string_view key, bool withExtent) {
    std::size_t i = skipSpace(s, 0);
    if (i >= s.size() || s[i] != '{') return std::nullopt;
    i = skipSpace(s, i + 1);
    while (i < s.size() && s[i] == '"') {
        const std::size_t keyEnd = skipString(s, i);
        if (keyEnd == std::string_view::npos) return std::nullopt;
        const std::string_view name = s.substr(i + 1, keyEnd - i - 2);
        i = skipSpace(s, keyEnd);
        if (i >= s.size() || s[i] != ':') return std::nullopt;
        i = skipSpace(s, i + 1);
        if (name == key && !withExtent) return s.substr(i);
        const std::size_t valueEnd = skipValue(s, i);
        if (valueEnd == std::string_view::npos) return std::nullopt;
        if (name == key) return s.substr(i, valueEnd - i);
        i = skipSpace(s, valueEnd);
        if (i >= s.size() || s[i] != ',') return std::nullopt;
        i = skipSpace(s, i + 1);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> findJsonMember(std::string_view s, std::string_view key) {
    return locateMember(s, key, true);
}

std::optional<std::string_view> findJsonPath(std::string_view s,
                                             std::initializer_list<std::string_view> path) {
    std::optional<std::string_view> current = s;
    std::size_t remaining = path.size();
    for (std::string_view key : path) {
        current = locateMember(*current, key, --remaining == 0);
        if (!current) return std::nullopt;
    }
    return current;
}

std::optional<std::int64_t> parseJsonInteger(std::string_view raw) {
    std::int64_t value = 0;
    const char* end = raw.data() + raw.size();
    auto [ptr, ec] = std::from_chars(raw.data(), end, value);
    if (ec != std::errc() || ptr != end || raw.empty()) return std::nullopt;
    return value;
}

std::optional<std::string_view> plainJsonString(std::string_view raw) {
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return std::nullopt;
    const std::string_view inner = raw.substr(1, raw.size() - 2);
    if (inner.find('\\') != std::string_view::npos) return std::nullopt;
    return inner;
}

}  // namespace mcp::bench
