// ServerConfig: everything the reference server can be told, with safe defaults.
// Filled from the command line and an optional properties file by main.cpp, and
// directly by in-process tests.
#pragma once

#include "reference-server/faults.h"
#include "protocol/http1/message_parser.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace mcp::server {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8787;                         // 0 picks a free port
    std::vector<std::string> tokens;         // empty: any syntactically valid bearer token
    std::string publicUrl;                   // base URL for metadata; default http://host:port
    std::vector<std::string> allowedOrigins; // besides loopback origins
    std::vector<std::string> authorizationServers;  // PRM authorization_servers; default publicUrl

    http1::Limits http;                      // head, target, field count and body sizes
    std::size_t maxSessions = 20000;
    std::size_t maxQueuedBytesPerSession = 1024 * 1024;
    std::chrono::seconds sessionIdleTimeout{30 * 60};
    std::chrono::milliseconds keepAliveInterval{15000};
    std::chrono::seconds requestReadTimeout{30};   // a started request must arrive within this
    std::chrono::seconds idleConnectionTimeout{5}; // keep-alive connections without a request (each holds a worker)
    int maxThreads = 256;
    int maxQueuedConnections = 8192;

    bool noAuth = false;                     // --no-auth: no bearer token needed (loopback hosts only)
    bool conformanceFixtures = false;        // --fixtures conformance: the official suite's tools, resources, prompts
    std::chrono::milliseconds clientRequestTimeout{60000};  // a server-to-client request waits this long (LC-14)

    FaultSet faults;

    // True when `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost).
    bool loopbackOnly() const;
    // The origin every generated URL uses.
    std::string baseUrl(int boundPort) const;
};

}  // namespace mcp::server
