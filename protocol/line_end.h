// findLineEnd: the first CR or LF at or after `from` (npos when none), shared by the SSE
// parser and encoder. Two memchr scans instead of string_view::find_first_of("\r\n"),
// which libstdc++ runs as one memchr call per input byte: on the `stream` benchmark that
// was over half of the server's CPU.
#pragma once

#include <cstring>
#include <string_view>

namespace mcp {

inline std::size_t findLineEnd(std::string_view s, std::size_t from = 0) {
    if (from >= s.size()) return std::string_view::npos;
    const char* begin = s.data() + from;
    const char* end = s.data() + s.size();
    const char* lf = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
    const char* stop = lf ? lf : end;
    const char* cr = static_cast<const char*>(std::memchr(begin, '\r', static_cast<std::size_t>(stop - begin)));
    const char* hit = cr ? cr : lf;
    return hit ? static_cast<std::size_t>(hit - s.data()) : std::string_view::npos;
}

}  // namespace mcp
