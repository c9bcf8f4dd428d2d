// Fixture tools: the tools a case calls to make a server do something observable. A case
// finds them by name (in the target's facts or a session's tools/list: this suite's row
// names, the official conformance suite's test_* names, the official "everything" server's
// names), builds their arguments from the tool's own inputSchema, and calls them; the asking
// fixtures (sampling, elicitation) are answered like a client would. A server that lists no
// tool the suite can feed is skipped, never called with guessed arguments.
//
//   if (auto add = addCall(ctx, 1, 2)) callFixtureTool(session, *add);
//   auto listed = listTools(session);
//   if (auto t = firstTool(listed.tools, kProgressTools)) callFixtureTool(session, *t, {}, obj(R"({"progressToken":"p"})"));
#pragma once

#include "conformance/conformance_case.h"
#include "conformance/mcp_client.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace mcp::conformance {

struct FixtureTool {
    std::string name;
    Poco::JSON::Object::Ptr definition;   // as listed (null when found in the target's facts)
    Poco::JSON::Object::Ptr arguments;    // what the case sends
    std::string describe() const;         // "add {\"a\":1,\"b\":2}"
};

// Preference lists, best first.
extern const std::vector<std::string> kAskingTools;     // would send sampling/createMessage or elicitation/create
extern const std::vector<std::string> kProgressTools;   // send notifications/progress when given a token
extern const std::vector<std::string> kSlowTools;       // take seconds and can be cancelled

// How long LC-14 waits for a server to give up on a request the client never answers.
inline constexpr milliseconds kServerTimeoutWait{15000};

// "a, b, c"
std::string joined(const std::vector<std::string>& names);
std::string joinedNames(const std::vector<FixtureTool>& tools);

// ---- from the target's facts (discovery listed the tools once) ----------------------------
// The `add` fixture when its schema takes numbers a and b (and requires nothing else).
std::optional<FixtureTool> addCall(const CaseContext& ctx, int a, int b);
// The `echo` fixture with `text` in its one string property (from the inputSchema).
std::optional<FixtureTool> echoCall(const CaseContext& ctx, const std::string& text);
// A tool call the server should simply serve: add {1,2}, else echo "hello", else a listed tool
// that requires no arguments (getToken, no_args). nullopt when the server has none of these.
std::optional<FixtureTool> knownGoodCall(const CaseContext& ctx);
// `name` with arguments for the required properties of its inputSchema, when the server lists it.
std::optional<FixtureTool> listedTool(const CaseContext& ctx, const std::string& name);
// The first of `names` that the server lists with an inputSchema requiring no argument.
std::optional<std::string> toolWithoutRequiredArguments(const CaseContext& ctx, const std::vector<std::string>& names);

// ---- from a session's tools/list ------------------------------------------------------------
struct ListedTools {
    RpcReply reply;                                 // the tools/list answer
    std::vector<Poco::JSON::Object::Ptr> tools;     // its tools (first page), empty on any error
    bool listed() const;                            // a result with a tools array came back
};
ListedTools listTools(ClientSession& session);
// A server that neither declares the tools capability nor lists tools offers none ("Servers that
// support tools MUST declare the tools capability"): the tools rows skip with this outcome.
std::optional<Outcome> toolsNotOffered(const ClientSession& session, const ListedTools& listed);
// The first listed tool named in `names`, with arguments: the known ones for that fixture,
// else values for the required properties of its inputSchema ("conformance", 1, true, [], {}).
std::optional<FixtureTool> firstTool(const std::vector<Poco::JSON::Object::Ptr>& tools, const std::vector<std::string>& names);
Poco::JSON::Object::Ptr argumentsFromSchema(const Poco::JSON::Object::Ptr& inputSchema);

// tools/call of a fixture with its arguments; `meta` becomes params._meta (e.g. a progressToken),
// `idJson` the request id when given (else a fresh one).
RpcReply callFixtureTool(ClientSession& session, const FixtureTool& tool, const SendOptions& options = {},
                         Poco::JSON::Object::Ptr meta = nullptr, const std::string& idJson = "");

// A session opened with askingClientCapabilities(), and the asking tools it lists.
struct AskingSession {
    SessionOpen opened;
    std::vector<FixtureTool> tools;   // every asking tool listed, in kAskingTools order
    std::optional<Outcome> unmet;     // set when there is no session, or no asking tool: return it
};
AskingSession openAskingSession(CaseContext& ctx, Poco::JSON::Object::Ptr capabilities = nullptr);

// Client capabilities that let a server send sampling, elicitation and roots requests.
Poco::JSON::Object::Ptr askingClientCapabilities();
// This client's answer (a JSON-RPC response text) to a server-to-client request: a canned
// sampling result, a declined elicitation, no roots, an empty ping result; -32601 otherwise.
std::string clientAnswerTo(const ReceivedMessage& request);
// The answer of a client that declared no capability for it: -32601 Method not found.
std::string clientRefusalOf(const ReceivedMessage& request);

}  // namespace mcp::conformance
