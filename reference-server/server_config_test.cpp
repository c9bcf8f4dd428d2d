// ServerConfig: which hosts count as loopback (the only ones --no-auth may listen on), and the
// base URL generated from host and port.
#include "reference-server/server_config.h"

#include <gtest/gtest.h>

namespace mcp::server {
namespace {

TEST(ServerConfig, LoopbackOnlyMeansThisMachineOnly) {
    for (std::string host : {"127.0.0.1", "127.45.6.7", "::1", "[::1]", "localhost"}) {
        ServerConfig c;
        c.host = host;
        EXPECT_TRUE(c.loopbackOnly()) << host;
    }
    for (std::string host : {"0.0.0.0", "::", "10.0.0.1", "example.test", ""}) {
        ServerConfig c;
        c.host = host;
        EXPECT_FALSE(c.loopbackOnly()) << host;
    }
}

TEST(ServerConfig, BaseUrlFromHostAndPort) {
    ServerConfig c;
    EXPECT_EQ(c.baseUrl(8787), "http://127.0.0.1:8787");
    c.host = "::1";
    EXPECT_EQ(c.baseUrl(1), "http://[::1]:1");
    c.publicUrl = "https://mcp.example.test/";
    EXPECT_EQ(c.baseUrl(1), "https://mcp.example.test");
}

}  // namespace
}  // namespace mcp::server
