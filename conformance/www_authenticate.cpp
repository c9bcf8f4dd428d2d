// WWW-Authenticate challenge parsing.
#include "conformance/www_authenticate.h"

#include "conformance/http_exchanger.h"

#include <cctype>

namespace mcp::conformance {
namespace {

bool isTchar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
bool isToken68Char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-._~+/").find(c) != std::string_view::npos; }

struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i >= s.size(); }
    char peek() const { return done() ? '\0' : s[i]; }
    void skipWs() {
        while (!done() && (s[i] == ' ' || s[i] == '\t')) ++i;
    }
    std::string token() {
        auto start = i;
        while (!done() && isTchar(s[i])) ++i;
        return std::string(s.substr(start, i - start));
    }
};

}  // namespace

std::optional<std::string> Challenge::param(std::string_view name) const {
    for (const auto& [k, v] : params)
        if (equalsIgnoreCase(k, name)) return v;
    return std::nullopt;
}

std::size_t Challenge::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& [k, v] : params)
        if (equalsIgnoreCase(k, name)) ++n;
    return n;
}

const Challenge* ParsedChallenges::bearer() const {
    for (const auto& c : challenges)
        if (equalsIgnoreCase(c.scheme, "Bearer")) return &c;
    return nullptr;
}

ParsedChallenges parseChallenges(std::string_view header) {
    ParsedChallenges out;
    Cursor c{header};
    c.skipWs();
    while (!c.done()) {
        while (c.peek() == ',' || c.peek() == ' ' || c.peek() == '\t') ++c.i;
        if (c.done()) break;
        Challenge challenge;
        challenge.scheme = c.token();
        if (challenge.scheme.empty()) {
            out.error = "expected an auth-scheme at byte " + std::to_string(c.i);
            return out;
        }
        c.skipWs();
        // token68 or auth-params until the next challenge (a token not followed by '=').
        auto save = c.i;
        std::string t68;
        while (!c.done() && isToken68Char(c.s[c.i])) t68 += c.s[c.i++];
        while (!c.done() && c.s[c.i] == '=') t68 += c.s[c.i++];
        auto after = c.i;
        c.skipWs();
        bool isParam = false;
        {
            Cursor probe{header, save};
            auto name = probe.token();
            probe.skipWs();
            isParam = !name.empty() && probe.peek() == '=';
        }
        if (!t68.empty() && !isParam) {
            challenge.token68 = t68;
            c.i = after;
            c.skipWs();
            out.challenges.push_back(challenge);
            if (!c.done() && c.peek() != ',') {
                out.error = "unexpected bytes after token68";
                return out;
            }
            continue;
        }
        c.i = save;
        while (!c.done()) {
            auto paramStart = c.i;
            auto name = c.token();
            c.skipWs();
            if (name.empty() || c.peek() != '=') {
                // The start of the next challenge.
                c.i = paramStart;
                break;
            }
            ++c.i;
            c.skipWs();
            std::string value;
            if (c.peek() == '"') {
                ++c.i;
                bool closed = false;
                while (!c.done()) {
                    char ch = c.s[c.i++];
                    if (ch == '\\' && !c.done()) value += c.s[c.i++];
                    else if (ch == '"') {
                        closed = true;
                        break;
                    } else value += ch;
                }
                if (!closed) {
                    out.error = "unterminated quoted-string in " + name;
                    return out;
                }
            } else {
                value = c.token();
                if (value.empty()) {
                    out.error = "empty value for " + name;
                    return out;
                }
            }
            challenge.params.push_back({toLowerAscii(name), value});
            c.skipWs();
            if (c.peek() == ',') {
                ++c.i;
                c.skipWs();
                continue;
            }
            if (!c.done()) {
                out.error = "expected ',' after the value of " + name;
                return out;
            }
        }
        out.challenges.push_back(challenge);
    }
    out.ok = !out.challenges.empty();
    if (!out.ok && out.error.empty()) out.error = "no challenge";
    return out;
}

}  // namespace mcp::conformance
