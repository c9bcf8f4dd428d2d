// Sessions of both transports: id issuing (128-bit random, 32 hex digits), lookup
// bound to the caller's token (SEC-3), limits, idle expiry, and the per-session event
// log that Streamable HTTP resumption (Last-Event-ID) replays from.
#pragma once

#include "reference-server/mcp_server.h"
#include "reference-server/stream_hub.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mcp::server {

enum class TransportKind { LegacySse, StreamableHttp };

// SSE events of recent Streamable HTTP streams, for replay after a disconnect.
class ResumptionLog {
public:
    static constexpr std::size_t kMaxStreams = 32;
    static constexpr std::size_t kMaxBytes = 1024 * 1024;

    std::uint64_t openStream();
    // Records an encoded event; returns its id "<stream>-<seq>".
    std::string record(std::uint64_t stream, std::uint64_t seq, std::string encodedEvent);
    // Encoded events of `stream` after `seq`; nullopt when the stream is unknown.
    std::optional<std::vector<std::string>> after(std::uint64_t stream, std::uint64_t seq) const;

private:
    struct Entry { std::uint64_t stream; std::uint64_t seq; std::string bytes; };
    std::uint64_t nextStream_ = 1;
    std::deque<Entry> entries_;
    std::size_t bytes_ = 0;
    std::uint64_t oldestStream_ = 1;
};

struct Session {
    std::string id;
    TransportKind transport = TransportKind::LegacySse;
    std::string token;                        // the bearer token the session belongs to
    std::mutex mutex;                         // serializes messages of this session
    bool ended = false;                       // removed from the registry (under mutex): deferred work stops
    McpSession mcp;
    std::shared_ptr<OutboundStream> stream;   // legacy: set at creation; Streamable: the GET stream (under mutex)
    ResumptionLog log;
    std::chrono::steady_clock::time_point lastActivity = std::chrono::steady_clock::now();
};

class SessionRegistry {
public:
    using IdGenerator = std::function<std::string()>;
    // `newId` issues session ids; the default is 128 random bits as 32 hex digits.
    explicit SessionRegistry(std::size_t maxSessions, IdGenerator newId = randomSessionId);
    static std::string randomSessionId();

    // A new session, or nullptr when the limit is reached.
    std::shared_ptr<Session> create(TransportKind transport, std::string token, std::string authorization,
                                    std::shared_ptr<OutboundStream> stream = nullptr);
    // The session with this id, if it exists and belongs to `token`.
    std::shared_ptr<Session> find(const std::string& id, const std::string& token);
    std::shared_ptr<Session> remove(const std::string& id);
    // Ends sessions idle for longer than `timeout`; returns them (streams still open).
    std::vector<std::shared_ptr<Session>> expireIdle(std::chrono::steady_clock::duration timeout);
    std::vector<std::shared_ptr<Session>> removeAll();
    std::size_t size() const;

private:
    std::size_t maxSessions_;
    IdGenerator newId_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
};

}  // namespace mcp::server
