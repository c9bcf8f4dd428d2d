// The conformance fixtures (`--fixtures conformance`): what the official MCP conformance
// suite's server scenarios call (@modelcontextprotocol/conformance: test_simple_text,
// test_sampling, test://static-text, test_simple_prompt, completion, ...), plus the fixture
// tools our own suite's requirement rows name (slow, log_all_levels, fail, raise_internal,
// toggle_tool, structured). Names, arguments and contents follow those scenarios exactly;
// the server's --help, README and GET / list them.
#pragma once

#include "reference-server/mcp_server.h"

namespace mcp::server {

McpCatalog conformanceFixtures();

}  // namespace mcp::server
