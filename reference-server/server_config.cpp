// ServerConfig helpers.
#include "reference-server/server_config.h"

#include <Poco/Net/IPAddress.h>

namespace mcp::server {

std::string ServerConfig::baseUrl(int boundPort) const {
    if (!publicUrl.empty()) return publicUrl.back() == '/' ? publicUrl.substr(0, publicUrl.size() - 1) : publicUrl;
    bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(boundPort);
}

}  // namespace mcp::server

namespace mcp::server {

bool ServerConfig::loopbackOnly() const {
    if (host == "localhost" || host == "::1" || host == "[::1]") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

}  // namespace mcp::server
