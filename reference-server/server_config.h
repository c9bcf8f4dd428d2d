// ServerConfig: everything the reference server can be told, with safe defaults.
// Filled from the command line and an optional properties file by main.cpp, and
// directly by in-process tests.
#pragma once

#include "protocol/http1/message_parser.h"
#include "reference-server/faults.h"
#include "reference-server/http_listener.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace mcp::server {

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8787;                         // 0 picks a free port
    std::vector<std::string> tokens;         // empty: any syntactically valid bearer token
    std::string publicUrl;                   // base URL for metadata; default http(s)://host:port
    std::vector<std::string> allowedOrigins; // besides loopback origins
    std::vector<std::string> authorizationServers;  // PRM authorization_servers; default publicUrl
    std::string tlsCertificateFile;          // PEM chain; with tlsKeyFile: serve HTTPS only
    std::string tlsKeyFile;
    bool metricsFromAnyAddress = false;      // GET /metrics from non-loopback peers too

    http1::Limits http;                      // head, target, field count and body sizes
    std::size_t maxSessions = 20000;         // reached: the longest-idle session without work in progress is evicted (503 if none)
    std::size_t maxSessionsPerToken = 100;   // reached: likewise among that token's sessions (429 if none)
    std::size_t maxQueuedBytesPerSession = 1024 * 1024;
    std::chrono::seconds sessionIdleTimeout{30 * 60};
    std::chrono::milliseconds keepAliveInterval{15000};
    std::chrono::milliseconds headTimeout{10000};            // a request's head, from its first byte
    std::chrono::milliseconds requestTimeout{30000};         // the whole request, from its first byte
    std::chrono::milliseconds idleConnectionTimeout{30000};  // keep-alive connections without a request
    std::chrono::milliseconds writeStallTimeout{30000};      // output the client does not read
    std::size_t maxConnections = 0;          // 0: the descriptor limit less a reserve
    int workerThreads = 0;                   // 0: one per core, at least 2
    int eventLoops = 0;                      // event loop threads owning the connections; 0: half the cores, at least 1
    std::size_t maxQueuedRequests = 4096;    // waiting for a worker; more -> 503
    int listenBacklog = 4096;

    bool noAuth = false;                     // --no-auth: no bearer token needed (loopback hosts only)
    bool conformanceFixtures = false;        // --fixtures conformance: the official suite's tools, resources, prompts
    std::chrono::milliseconds clientRequestTimeout{60000};  // a server-to-client request waits this long (LC-14)

    FaultSet faults;

    // True when `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost).
    bool loopbackOnly() const;
    bool tls() const { return !tlsCertificateFile.empty(); }
    // The origin every generated URL uses.
    std::string baseUrl(int boundPort) const;
    // The event loops' connection settings (maxConnections resolved by the caller).
    ConnectionSettings connectionSettings() const;
};

}  // namespace mcp::server
