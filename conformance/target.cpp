// Target URL parsing and secret redaction.
#include "conformance/target.h"

#include "protocol/bearer.h"

#include <Poco/URI.h>

#include <algorithm>

namespace mcp::conformance {

std::optional<Target> Target::fromUrl(const std::string& url, std::string* error) {
    try {
        Poco::URI uri(url);
        if (uri.getScheme() != "http" && uri.getScheme() != "https") {
            if (error) *error = "the URL must start with http:// or https://";
            return std::nullopt;
        }
        if (uri.getHost().empty()) {
            if (error) *error = "the URL has no host";
            return std::nullopt;
        }
        Target target;
        target.origin.scheme = uri.getScheme();
        target.origin.host = uri.getHost();
        target.origin.port = uri.getPort();
        target.path = uri.getPath().empty() ? "/" : uri.getPath();
        target.query = uri.getRawQuery();
        return target;
    } catch (const std::exception& e) {
        if (error) *error = std::string("invalid URL: ") + e.what();
        return std::nullopt;
    }
}

std::string Redactor::marker(const std::string& secret) const {
    return "<redacted:" + mcp::tokenFingerprint(secret) + ">";
}

Redactor::Redactor(const Redactor& other) {
    std::lock_guard lock(other.mutex_);
    patterns_ = other.patterns_;
    variables_ = other.variables_;
}

void Redactor::addSecret(const std::string& secret, const std::string& shellVariable) {
    if (secret.empty()) return;
    auto mark = marker(secret);
    std::vector<std::string> forms = {secret};
    std::string escaped;
    for (char c : secret) escaped += c == '/' ? std::string("\\/") : std::string(1, c);
    forms.push_back(escaped);
    std::string encoded;
    Poco::URI::encode(secret, "!#$&'()*+,/:;=?@[]", encoded);
    forms.push_back(encoded);
    std::lock_guard lock(mutex_);
    for (const auto& form : forms) {
        bool known = std::any_of(patterns_.begin(), patterns_.end(), [&](const Pattern& p) { return p.text == form; });
        if (!known) patterns_.push_back({form, mark});
    }
    std::stable_sort(patterns_.begin(), patterns_.end(), [](const Pattern& a, const Pattern& b) { return a.text.size() > b.text.size(); });
    if (!shellVariable.empty()) variables_[mark] = shellVariable;
}

std::size_t Redactor::longestForm() const {
    std::lock_guard lock(mutex_);
    return patterns_.empty() ? 0 : patterns_.front().text.size();
}

namespace {
constexpr std::string_view kMarkerStart = "<redacted:sha256:";
constexpr std::size_t kMarkerSize = kMarkerStart.size() + 12 + 1;

bool markerAt(std::string_view text, std::size_t i) {
    return text.compare(i, kMarkerStart.size(), kMarkerStart) == 0 && i + kMarkerSize <= text.size() && text[i + kMarkerSize - 1] == '>';
}
}  // namespace

std::string Redactor::apply(std::string_view text) const {
    std::lock_guard lock(mutex_);
    if (patterns_.empty()) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (markerAt(text, i)) {
            out.append(text, i, kMarkerSize);
            i += kMarkerSize;
            continue;
        }
        const Pattern* hit = nullptr;
        for (const auto& p : patterns_)
            if (text.compare(i, p.text.size(), p.text) == 0) {
                hit = &p;   // longest first
                break;
            }
        if (hit) {
            out += hit->marker;
            i += hit->text.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

std::string Redactor::forShell(std::string_view text) const {
    auto out = apply(text);
    std::map<std::string, std::string> variables;
    {
        std::lock_guard lock(mutex_);
        variables = variables_;
    }
    for (const auto& [mark, variable] : variables) {
        std::string replacement = "'\"$" + variable + "\"'";
        std::size_t pos = 0;
        while ((pos = out.find(mark, pos)) != std::string::npos) {
            out.replace(pos, mark.size(), replacement);
            pos += replacement.size();
        }
    }
    return out;
}

std::string Redactor::redactAuthorization(const std::string& value) const {
    auto sp = value.find_first_of(" \t");
    if (sp == std::string::npos) return apply(value);
    auto start = value.find_first_not_of(" \t", sp);
    if (start == std::string::npos) return value;
    auto credential = value.substr(start);
    while (!credential.empty() && (credential.back() == ' ' || credential.back() == '\t')) credential.pop_back();
    if (credential.empty()) return value;
    if (markerAt(credential, 0) && credential.size() == kMarkerSize) return value;   // already redacted
    return apply(value.substr(0, start)) + marker(credential) + apply(value.substr(start + credential.size()));
}

}  // namespace mcp::conformance
