// Target URL parsing and secret redaction.
#include "conformance/target.h"

#include "protocol/bearer.h"

#include <Poco/URI.h>

#include <algorithm>

namespace mcpc {

std::string_view toString(TransportKind kind) {
    switch (kind) {
    case TransportKind::Auto: return "auto";
    case TransportKind::LegacySse: return "sse";
    case TransportKind::StreamableHttp: return "streamable-http";
    }
    return "?";
}

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
    secrets_ = other.secrets_;
}

void Redactor::addSecret(const std::string& secret) {
    if (secret.empty()) return;
    auto mark = marker(secret);
    std::lock_guard lock(mutex_);
    secrets_.emplace(secret, mark);
}

static void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    std::size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
        text.replace(pos, from.size(), to);
        pos += to.size();
    }
}

std::string Redactor::apply(std::string text) const {
    std::vector<std::pair<std::string, std::string>> ordered;
    {
        std::lock_guard lock(mutex_);
        ordered.assign(secrets_.begin(), secrets_.end());
    }
    // Longest first, so a secret that contains another is replaced whole.
    std::sort(ordered.begin(), ordered.end(), [](auto& a, auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [secret, mark] : ordered) {
        if (secret.size() < 4) continue;
        replaceAll(text, secret, mark);
        // JSON writers may escape '/' as "\/".
        if (secret.find('/') != std::string::npos) {
            std::string escaped = secret;
            replaceAll(escaped, "/", "\\/");
            replaceAll(text, escaped, mark);
        }
    }
    return text;
}

std::string Redactor::redactAuthorization(const std::string& value) const {
    auto sp = value.find_first_of(" \t");
    if (sp == std::string::npos) return apply(value);
    auto start = value.find_first_not_of(" \t", sp);
    if (start == std::string::npos) return value;
    auto credential = value.substr(start);
    while (!credential.empty() && (credential.back() == ' ' || credential.back() == '\t')) credential.pop_back();
    if (credential.empty()) return value;
    return value.substr(0, start) + marker(credential) + value.substr(start + credential.size());
}

}  // namespace mcpc
