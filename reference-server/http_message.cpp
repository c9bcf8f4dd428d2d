// HttpRequest helpers and response head serialization.
#include "reference-server/http_message.h"

#include <Poco/URI.h>

#include <charconv>

namespace mcp::server {

HttpRequest HttpRequest::fromHead(const http1::MessageHead& head, std::string body) {
    HttpRequest request;
    request.method = head.method;
    request.target = head.target;
    auto q = request.target.find('?');
    request.path = request.target.substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    request.versionMinor = head.versionMinor;
    request.headers = head.headers;
    request.body = std::move(body);
    return request;
}

std::optional<std::string> HttpRequest::queryParam(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        auto eq = pair.find('=');
        std::string key, value;
        try {
            Poco::URI::decode(std::string(pair.substr(0, eq)), key);
            if (eq != std::string_view::npos) Poco::URI::decode(std::string(pair.substr(eq + 1)), value);
        } catch (...) {
            continue;
        }
        if (key == name) return value;
    }
    return std::nullopt;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string contentType) {
    HttpResponse r;
    r.status = status;
    r.headers.add("Content-Type", std::move(contentType));
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::json(int status, std::string body) {
    return text(status, std::move(body), "application/json");
}

std::string_view reasonPhrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
        default: return "Status";
    }
}

std::string serializeResponseHead(const HttpResponse& response, bool keepAlive) {
    std::string head;
    appendResponseHead(head, response, keepAlive);
    return head;
}

void appendResponseHead(std::string& out, const HttpResponse& response, bool keepAlive) {
    char number[24];
    auto decimal = [&number](std::size_t value) {
        return std::string_view(number, static_cast<std::size_t>(std::to_chars(number, number + sizeof number, value).ptr - number));
    };
    out += "HTTP/1.1 ";
    out += decimal(static_cast<std::size_t>(response.status));
    out += ' ';
    out += reasonPhrase(response.status);
    out += "\r\n";
    for (const auto& [name, value] : response.headers.fields()) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!response.stream && response.status != 204) {
        out += "Content-Length: ";
        out += decimal(response.body.size());
        out += "\r\n";
    }
    out += keepAlive && !response.stream ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
}

}  // namespace mcp::server
