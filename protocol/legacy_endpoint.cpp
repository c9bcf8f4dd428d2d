// Resolving the legacy endpoint event against the stream URL, on the same origin only.
#include "protocol/legacy_endpoint.h"

#include <Poco/URI.h>

namespace mcp {
namespace {

std::string excerpt(std::string_view text) {
    return text.size() <= 200 ? std::string(text) : std::string(text.substr(0, 200)) + "...";
}

std::string origin(const Poco::URI& uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
}

}  // namespace

std::optional<std::string> resolveLegacyEndpoint(std::string_view streamUrl, std::string_view data, std::string& error) {
    if (data.empty()) {
        error = "the endpoint event has empty data";
        return std::nullopt;
    }
    try {
        Poco::URI base{std::string(streamUrl)};
        // A network-path reference ("//host/path") names an authority (RFC 3986 §4.2); resolve it
        // explicitly, since it must be compared with the stream's origin like an absolute URI.
        Poco::URI resolved = data.rfind("//", 0) == 0 ? Poco::URI(base.getScheme() + ":" + std::string(data))
                                                      : Poco::URI(base, std::string(data));
        if (resolved.getScheme() != base.getScheme() || resolved.getHost() != base.getHost() ||
            resolved.getPort() != base.getPort()) {
            error = "the endpoint " + excerpt(data) + " is on another origin than " + origin(base);
            return std::nullopt;
        }
        auto pathAndQuery = resolved.getPathAndQuery();   // the fragment is not sent (RFC 9112 §3.2)
        if (pathAndQuery.empty() || pathAndQuery[0] != '/') {
            error = "the endpoint does not resolve to a path: " + excerpt(data);
            return std::nullopt;
        }
        for (unsigned char c : pathAndQuery)
            if (c <= 0x20 || c == 0x7f || c >= 0x80 || c == '#') {
                error = "the endpoint holds bytes not allowed in a request target: " + excerpt(data);
                return std::nullopt;
            }
        return pathAndQuery;
    } catch (const std::exception& e) {
        error = std::string("the endpoint data is not a URI reference: ") + e.what();
        return std::nullopt;
    }
}

}  // namespace mcp
