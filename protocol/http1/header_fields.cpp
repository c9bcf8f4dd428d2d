// HeaderFields and the field-value helpers.
#include "protocol/http1/header_fields.h"

#include <algorithm>

namespace mcp::http1 {
namespace {

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

std::string toLowerAscii(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = lowerAscii(c);
    return out;
}

std::string_view trimOws(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool isTchar(unsigned char c) {
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return isTchar(static_cast<unsigned char>(c)); });
}

std::vector<std::string_view> splitList(std::string_view value) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    bool quoted = false;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size()) {
            char c = value[i];
            if (quoted && c == '\\') {
                ++i;  // quoted-pair: the next octet is literal
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c != ',' || quoted) continue;
        }
        auto element = trimOws(value.substr(start, i - start));
        if (!element.empty()) out.push_back(element);
        start = i + 1;
    }
    return out;
}

bool listContains(std::string_view value, std::string_view token) {
    auto elements = splitList(value);
    return std::any_of(elements.begin(), elements.end(), [&](std::string_view e) { return equalsIgnoreCase(e, token); });
}

std::string mediaType(std::string_view value) { return toLowerAscii(trimOws(value.substr(0, value.find(';')))); }

void HeaderFields::set(std::string_view name, std::string value) {
    remove(name);
    fields_.push_back({std::string(name), std::move(value)});
}

void HeaderFields::remove(std::string_view name) {
    std::erase_if(fields_, [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); });
}

std::optional<std::string_view> HeaderFields::get(std::string_view name) const {
    for (const auto& f : fields_)
        if (equalsIgnoreCase(f.name, name)) return std::string_view(f.value);
    return std::nullopt;
}

std::vector<std::string_view> HeaderFields::getAll(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& f : fields_)
        if (equalsIgnoreCase(f.name, name)) out.emplace_back(f.value);
    return out;
}

std::size_t HeaderFields::count(std::string_view name) const {
    return static_cast<std::size_t>(
        std::count_if(fields_.begin(), fields_.end(), [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); }));
}

}  // namespace mcp::http1
