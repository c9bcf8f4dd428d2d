// JsonMemberScanner: a bounded, allocation-free scan over one level of a JSON object.
#include "bench/json_member_scanner.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mcp::bench {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skipSpace(std::string_view s, std::size_t i) {
    while (i < s.size() && isSpace(s[i])) ++i;
    return i;
}

// i at the first byte after an opening quote; returns the index after the closing quote, or
// npos. A backslash escapes the byte after it. memchr finds candidate quotes fast in long
// strings; a quote preceded by an odd run of backslashes is escaped and the search goes on.
// (Looking at a short string's first bytes one by one before calling memchr was measured
// slower in mcp-bench's stream scenario.)
std::size_t endOfString(std::string_view s, std::size_t i) {
    const std::size_t from = i;
    while (i < s.size()) {
        const void* hit = std::memchr(s.data() + i, '"', s.size() - i);
        if (!hit) return std::string_view::npos;
        const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
        std::size_t backslashes = 0;
        while (quote - backslashes > from && s[quote - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return quote + 1;
        i = quote + 1;
    }
    return std::string_view::npos;
}

// i at the opening quote; returns the index after the closing quote, or npos.
std::size_t skipString(std::string_view s, std::size_t i) { return endOfString(s, i + 1); }

#if defined(__SSE2__)
// The bytes of 16 that matter inside an array or object, as bit masks (bit k: byte k).
struct BlockBytes {
    unsigned quotes, backslashes, opens, closes;
};

BlockBytes classifyBlock(const char* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));  // '[' -> '{', ']' -> '}', nothing else
    auto maskOf = [](__m128i equal) { return static_cast<unsigned>(_mm_movemask_epi8(equal)); };
    return {maskOf(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))), maskOf(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
            maskOf(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{'))), maskOf(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}')))};
}

// Bit k set when an odd number of bits 0..k of the 16-bit mask are set.
unsigned prefixXor(unsigned mask) {
    mask ^= mask << 1;
    mask ^= mask << 2;
    mask ^= mask << 4;
    mask ^= mask << 8;
    return mask & 0xFFFFu;
}
#endif

// i at the '{' or '[' opening an array or object; returns the index after its end, or npos.
// With SSE2 (every x86-64) it goes 16 bytes per step: the quotes tell which bytes lie in
// strings (a running parity), and only the brackets outside them are counted. A block holding
// a backslash ends that and the rest is walked byte by byte (escapes are rare here).
std::size_t skipContainer(std::string_view s, std::size_t i) {
    int depth = 0;
#if defined(__SSE2__)
    bool inString = false;
    for (; i + 16 <= s.size(); i += 16) {
        const BlockBytes block = classifyBlock(s.data() + i);
        if (block.backslashes != 0) break;
        const unsigned inside = prefixXor(block.quotes) ^ (inString ? 0xFFFFu : 0u);
        const unsigned opens = block.opens & ~inside;
        const unsigned closes = block.closes & ~inside;
        for (unsigned brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
            const int k = std::countr_zero(brackets);
            if (opens & (1u << k)) {
                if (++depth > kMaxJsonDepth) return std::string_view::npos;
            } else if (--depth == 0) {
                return i + static_cast<std::size_t>(k) + 1;
            }
        }
        inString = (inside & 0x8000u) != 0;
    }
    if (inString) {
        i = endOfString(s, i);
        if (i == std::string_view::npos) return i;
    }
#endif
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            i = skipString(s, i);
            if (i == std::string_view::npos) return i;
            continue;
        }
        if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth) return std::string_view::npos;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
        ++i;
    }
    return std::string_view::npos;
}

// i at the first byte of a value; returns the index after it, or npos.
std::size_t skipValue(std::string_view s, std::size_t i) {
    if (i >= s.size()) return std::string_view::npos;
    if (s[i] == '"') return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') return skipContainer(s, i);
    const std::size_t start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i])) ++i;
    return i == start ? std::string_view::npos : i;
}

}  // namespace

JsonMemberReader::JsonMemberReader(std::string_view s) : s_(s) {
    i_ = skipSpace(s_, 0);
    if (i_ >= s_.size() || s_[i_] != '{') {
        refuse();
        return;
    }
    i_ = skipSpace(s_, i_ + 1);
    if (i_ < s_.size() && s_[i_] == '}') done_ = true;
}

bool JsonMemberReader::refuse() {
    wellFormed_ = false;
    done_ = true;
    return false;
}

bool JsonMemberReader::next(std::string_view& key, std::string_view& value) {
    if (done_) return false;
    if (!first_) {  // after the previous value: the object's end, or a comma and the next member
        i_ = skipSpace(s_, i_);
        if (i_ < s_.size() && s_[i_] == '}') {
            done_ = true;
            return false;
        }
        if (i_ >= s_.size() || s_[i_] != ',') return refuse();
        i_ = skipSpace(s_, i_ + 1);
    }
    first_ = false;
    if (i_ >= s_.size() || s_[i_] != '"') return refuse();
    const std::size_t keyEnd = skipString(s_, i_);
    if (keyEnd == std::string_view::npos) return refuse();
    key = s_.substr(i_ + 1, keyEnd - i_ - 2);
    i_ = skipSpace(s_, keyEnd);
    if (i_ >= s_.size() || s_[i_] != ':') return refuse();
    i_ = skipSpace(s_, i_ + 1);
    const std::size_t valueEnd = skipValue(s_, i_);
    if (valueEnd == std::string_view::npos) return refuse();
    value = s_.substr(i_, valueEnd - i_);
    i_ = valueEnd;
    return true;
}

bool scanJsonRpcMembers(std::string_view message, JsonRpcMembers& members) {
    return forEachJsonMember(message, [&members](std::string_view key, std::string_view value) {
        if (key == "id") members.id = value;
        else if (key == "method") members.method = value;
        else if (key == "params") members.params = value;
        else if (key == "error") members.error = value;
        else if (key == "result") members.result = value;
        return true;
    });
}

int jsonNestingDepth(std::string_view text) {
    int depth = 0, deepest = 0;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"') {
            i = skipString(text, i);
            if (i == std::string_view::npos) break;  // the rest is inside an unterminated string
            continue;
        }
        if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
        else if (c == '}' || c == ']') --depth;
        ++i;
    }
    return deepest;
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
