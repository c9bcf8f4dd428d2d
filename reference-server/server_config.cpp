// ServerConfig helpers.
#include "reference-server/server_config.h"

#include <Poco/Net/IPAddress.h>

namespace mcp::server {

std::string ServerConfig::baseUrl(int boundPort) const {
    if (!publicUrl.empty()) return publicUrl.back() == '/' ? publicUrl.substr(0, publicUrl.size() - 1) : publicUrl;
    bool ipv6 = host.find(':') != std::string::npos;
    return std::string(tls() ? "https://" : "http://") + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(boundPort);
}

ConnectionSettings ServerConfig::connectionSettings() const {
    ConnectionSettings s;
    s.http = http;
    s.tlsHandshakeTimeout = headTimeout;
    s.headTimeout = headTimeout;
    s.requestTimeout = requestTimeout;
    s.idleTimeout = idleConnectionTimeout;
    s.writeStallTimeout = writeStallTimeout;
    s.keepAliveInterval = keepAliveInterval;
    s.maxConnections = maxConnections;
    return s;
}

}  // namespace mcp::server

namespace mcp::server {

bool ServerConfig::loopbackOnly() const {
    if (host == "localhost" || host == "::1" || host == "[::1]") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

}  // namespace mcp::server
