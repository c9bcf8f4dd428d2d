// Fixture tools that make a server do something observable: talk back to the client
// (sampling, elicitation), report progress, take long enough to be cancelled. Cases find
// them by name in tools/list (the names this suite's requirement rows use, the official
// conformance suite's test_* names, and the official "everything" server's names), build
// arguments from the tool's inputSchema, and answer the server's requests like a client.
//
//   auto tools = listTools(session);
//   if (auto t = firstTool(tools, kAskingTools)) session.callTool(t->name, t->arguments);
#pragma once

#include "conformance/conformance_case.h"
#include "conformance/mcp_client.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace mcpc {

struct FixtureTool {
    std::string name;
    Poco::JSON::Object::Ptr definition;   // as listed
    Poco::JSON::Object::Ptr arguments;    // what the case sends
};

// Preference lists, best first.
extern const std::vector<std::string> kAskingTools;     // send sampling/createMessage or elicitation/create
extern const std::vector<std::string> kProgressTools;   // send notifications/progress when given a token
extern const std::vector<std::string> kSlowTools;       // take seconds and can be cancelled

// How long LC-14 waits for a server to give up on a request the client never answers.
inline constexpr milliseconds kServerTimeoutWait{15000};

// "a, b, c"
std::string joined(const std::vector<std::string>& names);
std::string joinedNames(const std::vector<FixtureTool>& tools);

// tools/list of the session (one page); empty on any error.
std::vector<Poco::JSON::Object::Ptr> listTools(McpSession& session);
// The first listed tool named in `names`, with arguments: the known ones for that fixture,
// else values for the required properties of its inputSchema ("conformance", 1, true, [], {}).
std::optional<FixtureTool> firstTool(const std::vector<Poco::JSON::Object::Ptr>& tools, const std::vector<std::string>& names);
Poco::JSON::Object::Ptr argumentsFromSchema(const Poco::JSON::Object::Ptr& inputSchema);

// tools/call of a fixture with its arguments; `meta` becomes params._meta (e.g. a progressToken),
// `idJson` the request id when given (else a fresh one).
RpcReply callFixtureTool(McpSession& session, const FixtureTool& tool, const SendOptions& options = {},
                         Poco::JSON::Object::Ptr meta = nullptr, const std::string& idJson = "");
// A session opened with askingClientCapabilities(), and the asking tools it lists.
struct AskingSession {
    SessionOpen opened;
    std::vector<FixtureTool> tools;   // every asking tool listed, in kAskingTools order
    std::optional<Outcome> unmet;     // set when there is no session, or no asking tool: return it
};
AskingSession openAskingSession(CaseContext& ctx);

// Client capabilities that let a server send sampling, elicitation and roots requests.
Poco::JSON::Object::Ptr askingClientCapabilities();
// This client's answer (a JSON-RPC response text) to a server-to-client request: a canned
// sampling result, a declined elicitation, no roots, an empty ping result; -32601 otherwise.
std::string clientAnswerTo(const ReceivedMessage& request);

}  // namespace mcpc
