// Line-end search shared by the SSE parser and encoder, built on memchr (which libstdc++'s
// string_view::find_first_of("\r\n") is not: it calls memchr once per input byte, which on
// the `stream` benchmark was over half of the server's CPU).
//
//   findLineEnd(s, from)  the first CR or LF at or after `from` (npos when none);
//   LineEndScanner        the same for successive positions of one buffer, remembering the
//                         next CR and the next LF, so each byte is scanned at most once for
//                         each of the two: LF line ends cost one fruitless CR scan per buffer.
#pragma once

#include <algorithm>
#include <cstring>
#include <string_view>

namespace mcp {

// Position of the first `c` at or after `from`, npos when none.
inline std::size_t findByte(std::string_view s, char c, std::size_t from) {
    if (from >= s.size()) return std::string_view::npos;
    const void* hit = std::memchr(s.data() + from, c, s.size() - from);
    return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s.data()) : std::string_view::npos;
}

inline std::size_t findLineEnd(std::string_view s, std::size_t from = 0) {
    std::size_t lf = findByte(s, '\n', from);
    std::size_t cr = findByte(s.substr(0, lf == std::string_view::npos ? s.size() : lf), '\r', from);
    return std::min(lf, cr);
}

class LineEndScanner {
public:
    explicit LineEndScanner(std::string_view s) : s_(s) {}

    // The first CR or LF at or after `from` (npos when none); `from` must not decrease
    // between calls.
    std::size_t next(std::size_t from) {
        if (from < s_.size() && (s_[from] == '\n' || s_[from] == '\r')) return from;  // a blank line
        if (!scanned_ || (lf_ < from)) lf_ = findByte(s_, '\n', from);
        if (!scanned_ || (cr_ < from)) cr_ = findByte(s_, '\r', from);
        scanned_ = true;
        return std::min(lf_, cr_);
    }

private:
    std::string_view s_;
    std::size_t lf_ = 0;
    std::size_t cr_ = 0;
    bool scanned_ = false;
};

}  // namespace mcp
