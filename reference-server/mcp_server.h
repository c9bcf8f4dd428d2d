// McpServer: the MCP method layer, free of HTTP and of threads. It takes one valid JSON-RPC
// message and the session it belongs to, and answers at once (McpReply::response) or later
// through the session's SessionChannel (mcp_session.h): tools that wait for a timer or for the
// client (sampling, elicitation) finish their call when the client's response is handled.
// Transports own framing, status codes and streams; this class owns lifecycle, negotiation,
// tools, resources, prompts, completion, logging, progress and cancellation.
//
//   McpServer server(referenceCatalog());                  // or with conformanceFixtures() added
//   McpSession session{.authorization = "Bearer abc"};
//   session.channel = channel;                             // see SessionChannel
//   McpReply reply = server.handle(message, session);      // requests, notifications, responses
//   if (reply.response) send(serialize(*reply.response));
//   // reply.deferred: channel->finish(id, response) comes later
//
// What is served comes from an McpCatalog; the reference tools (add, getToken, echo,
// stream) are in reference_tools.h, the official suite's fixtures in conformance_fixtures.h.
#pragma once

#include "reference-server/mcp_session.h"
#include "reference-server/tool_call.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp::server {

// The most messages a transport takes from one MessageSequence.
inline constexpr std::uint64_t kMaxSequenceEvents = 1'000'000;

// Messages produced lazily before a reply (the `stream` benchmark tool).
class MessageSequence {
public:
    virtual ~MessageSequence() = default;
    // Appends the next message's JSON text to `out`; false when there are no more.
    virtual bool next(std::string& out) = 0;
};

struct McpReply {
    std::optional<JsonRpcMessage> response;         // absent for notifications, responses and deferred calls
    std::shared_ptr<MessageSequence> notifications; // sent before `response` when set
    bool deferred = false;                          // the response comes later via SessionChannel::finish
};

// The one operation transports need; McpServer implements it, fault filters decorate it.
class McpHandler {
public:
    virtual ~McpHandler() = default;
    virtual McpReply handle(const JsonRpcMessage& message, McpSession& session) = 0;
};

struct Tool {
    Poco::JSON::Object::Ptr definition;           // as listed by tools/list: name, description, inputSchema, ...
    std::function<void(ToolCall&)> run;           // answers through the call, now or later
    bool listedAtStart = true;                    // false: appears once a session toggles it (TL-14)
    std::string name() const { return definition->getValue<std::string>("name"); }
};

struct Resource {
    Poco::JSON::Object::Ptr definition;           // as listed by resources/list: uri, name, mimeType, ...
    Poco::JSON::Object::Ptr contents;             // one ResourceContents object (uri, mimeType, text|blob)
};

struct ResourceTemplate {
    Poco::JSON::Object::Ptr definition;           // uriTemplate, name, ...
    // The contents for a URI, or null when the URI does not match this template.
    std::function<Poco::JSON::Object::Ptr(const std::string& uri)> read;
    // Completion values for one template variable.
    std::function<std::vector<std::string>(const std::string& variable, const std::string& prefix)> complete;
};

struct Prompt {
    Poco::JSON::Object::Ptr definition;           // name, description, arguments
    // The GetPromptResult for the given arguments (all required ones present).
    std::function<Poco::JSON::Object::Ptr(const Poco::JSON::Object::Ptr& arguments)> get;
    std::function<std::vector<std::string>(const std::string& argument, const std::string& prefix)> complete;
};

struct McpCatalog {
    std::string instructions;
    std::vector<Tool> tools;
    std::vector<Resource> resources;
    std::vector<ResourceTemplate> resourceTemplates;
    std::vector<Prompt> prompts;
    bool resourceSubscriptions = false;           // resources/subscribe is offered
    bool toolsListChanged = false;                // the tool set can change (notifications/tools/list_changed)

    void add(McpCatalog other);                   // appends another catalog's entries
};

class McpServer : public McpHandler {
public:
    // Calls in flight plus requests awaiting the client, per session.
    static constexpr std::size_t kMaxPendingPerSession = 64;

    // `clientRequestTimeout`: how long a server-to-client request waits for its answer (LC-14).
    explicit McpServer(McpCatalog catalog, std::chrono::milliseconds clientRequestTimeout = std::chrono::seconds(60));

    McpReply handle(const JsonRpcMessage& message, McpSession& session) override;

    // The result of tools/list (tests and the landing page read it).
    Poco::JSON::Object::Ptr toolList(const McpSession& session) const;
    // A session's tool set: the catalog's, with the tools it toggled added or removed.
    const Tool* findTool(const McpSession& session, const std::string& name) const;
    const McpCatalog& catalog() const { return catalog_; }

private:
    JsonRpcMessage handleRequest(const JsonRpcMessage& request, McpSession& session, McpReply& reply);
    void handleNotification(const JsonRpcMessage& notification, McpSession& session);
    void handleResponse(const JsonRpcMessage& response, McpSession& session);
    JsonRpcMessage initialize(const JsonRpcMessage& request, McpSession& session);
    JsonRpcMessage callTool(const JsonRpcMessage& request, McpSession& session, McpReply& reply);
    JsonRpcMessage setLogLevel(const JsonRpcMessage& request, McpSession& session);
    JsonRpcMessage readResource(const JsonRpcMessage& request);
    JsonRpcMessage subscribe(const JsonRpcMessage& request, McpSession& session, bool on);
    JsonRpcMessage getPrompt(const JsonRpcMessage& request);
    JsonRpcMessage complete(const JsonRpcMessage& request);

    McpCatalog catalog_;
    std::chrono::milliseconds clientRequestTimeout_;
};

}  // namespace mcp::server
