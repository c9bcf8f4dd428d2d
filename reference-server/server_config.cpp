// ServerConfig helpers.
#include "reference-server/server_config.h"

namespace mcp::server {

std::string ServerConfig::baseUrl(int boundPort) const {
    if (!publicUrl.empty()) return publicUrl.back() == '/' ? publicUrl.substr(0, publicUrl.size() - 1) : publicUrl;
    bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(boundPort);
}

}  // namespace mcp::server
