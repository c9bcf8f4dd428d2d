// McpServer: the MCP method layer, free of HTTP. It takes one valid JSON-RPC message
// and the session it belongs to, and returns what to send back. Transports own
// framing, status codes and streams; this class owns lifecycle, negotiation and tools.
//
//   McpSession session{.authorization = "Bearer abc"};
//   auto reply = server.handle(message, session);
//   if (reply.response) send(serialize(*reply.response));
#pragma once

#include "protocol/json_rpc.h"
#include "protocol/protocol_version.h"
#include "reference-server/faults.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mcp::server {

// Per-session MCP state. Guarded by the owner (one message at a time per session).
struct McpSession {
    std::string authorization;            // the Authorization value the session was opened with
    std::optional<Revision> revision{};   // set once initialize succeeded
    bool clientInitialized = false;       // notifications/initialized seen
    int minLogLevel = 0;                  // index into the eight syslog levels
};

// Messages produced lazily before a reply (the `stream` benchmark tool).
class MessageSequence {
public:
    virtual ~MessageSequence() = default;
    // Appends the next message's JSON text to `out`; false when there are no more.
    virtual bool next(std::string& out) = 0;
};

struct McpReply {
    std::optional<JsonRpcMessage> response;        // absent for notifications and responses
    std::shared_ptr<MessageSequence> notifications; // sent before `response` when set
};

class McpServer {
public:
    explicit McpServer(FaultSet faults = {});

    McpReply handle(const JsonRpcMessage& message, McpSession& session);

    static constexpr std::uint64_t kMaxStreamEvents = 1'000'000;
    static constexpr std::uint64_t kMaxStreamEventBytes = 64 * 1024;
    // A Streamable HTTP answer is built in memory, so one call's total is capped.
    static constexpr std::uint64_t kMaxStreamTotalBytes = 16 * 1024 * 1024;

private:
    JsonRpcMessage handleRequest(const JsonRpcMessage& request, McpSession& session, McpReply& reply);
    JsonRpcMessage initialize(const JsonRpcMessage& request, McpSession& session);
    JsonRpcMessage callTool(const JsonRpcMessage& request, McpSession& session, McpReply& reply);
    JsonRpcMessage setLogLevel(const JsonRpcMessage& request, McpSession& session);
    std::string echoedAuthorization(const McpSession& session);

    FaultSet faults_;
    std::once_flag firstSessionOnce_;
    std::string firstSessionAuthorization_;
};

// The tool catalog as served by tools/list.
Poco::JSON::Object::Ptr toolListResult();

}  // namespace mcp::server
