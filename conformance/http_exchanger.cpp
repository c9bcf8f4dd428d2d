// Header helpers and the bounded whole-response read shared by every exchanger.
#include "conformance/http_exchanger.h"

#include <algorithm>
#include <cctype>

namespace mcpc {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string toLower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::string> findHeader(const HttpHeaders& headers, std::string_view name) {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return h.value;
    return std::nullopt;
}

std::vector<std::string> findAllHeaders(const HttpHeaders& headers, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& h : headers)
        if (iequals(h.name, name)) out.push_back(h.value);
    return out;
}

void removeHeader(HttpHeaders& headers, std::string_view name) {
    std::erase_if(headers, [&](const HttpHeader& h) { return iequals(h.name, name); });
}

void setHeader(HttpHeaders& headers, std::string_view name, std::string value) {
    removeHeader(headers, name);
    headers.push_back({std::string(name), std::move(value)});
}

std::string mediaType(std::string_view contentType) {
    auto semi = contentType.find(';');
    auto type = contentType.substr(0, semi);
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
    return toLower(type);
}

HttpResult fetchAll(HttpExchanger& exchanger, const HttpRequest& request, milliseconds timeout,
                    std::size_t maxBytes) {
    HttpResult result;
    auto deadline = Clock::now() + timeout;
    auto opened = exchanger.open(request, timeout);
    if (!opened.stream) {
        result.error = opened.error;
        result.connectFailed = opened.connectFailed;
        result.timedOut = opened.timedOut;
        return result;
    }
    result.ok = true;
    result.head = opened.stream->head();
    while (true) {
        if (result.body.size() >= maxBytes) {
            result.truncated = true;
            result.body.resize(maxBytes);
            break;
        }
        auto left = remaining(deadline);
        if (left.count() == 0) {
            result.timedOut = true;
            break;
        }
        auto status = opened.stream->read(result.body, left);
        if (status == ReadStatus::End) {
            result.complete = true;
            break;
        }
        if (status == ReadStatus::Timeout) {
            result.timedOut = true;
            break;
        }
        if (status == ReadStatus::Error) {
            result.error = opened.stream->error();
            break;
        }
    }
    return result;
}

}  // namespace mcpc
