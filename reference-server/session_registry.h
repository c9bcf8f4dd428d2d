// Sessions of both transports: id issuing (128-bit random, 32 hex digits), lookup bound to the
// caller's token (SEC-3), quotas, idle expiry, and the per-session event log that Streamable
// HTTP resumption (Last-Event-ID) replays from.
//
// Quotas evict rather than refuse everyone, and never lose work: a token that opens more than
// its quota of sessions loses its own longest-idle one, and when the server-wide limit is
// reached the longest-idle session of all makes room. A session that owes its client
// something (a tool call in flight, a request to the client awaiting its answer, events a
// stream has not delivered, or a message being handled right now) is never evicted; when
// every candidate is busy the new session is refused (the token's quota: 429, the server-wide
// limit: 503). A flood therefore costs the flooder its own idle sessions and never ends
// another client's work. Sessions are kept in least-recently-used order, so finding the one
// to evict or to expire scans only the busy sessions ahead of it.
#pragma once

#include "protocol/transport_kind.h"
#include "reference-server/loop_clock.h"
#include "reference-server/mcp_server.h"
#include "reference-server/outbound_queue.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mcp::server {


// SSE events of recent Streamable HTTP streams, for replay after a disconnect. Thread-safe:
// streamed answers record their events as the event loop produces them. A session makes its
// log on first use (Session::log()): legacy sessions, and Streamable HTTP sessions that never
// open an event stream, have none (an empty std::deque alone allocates about 580 bytes).
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
    mutable std::mutex mutex_;
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
    std::atomic<bool> ended{false};           // removed from the registry: deferred work stops
    McpSession mcp;
    std::shared_ptr<OutboundQueue> stream;    // legacy: set at creation; Streamable: the GET stream (under mutex)

    // The session's resumption log, made on the first call (any thread).
    ResumptionLog& log();

private:
    friend class SessionRegistry;
    std::once_flag logMade_;
    std::unique_ptr<ResumptionLog> log_;
    LoopTime lastActivity{};
    std::list<Session*>::iterator recency;       // in the registry's least-recently-used list
    std::list<Session*>::iterator tokenRecency;  // in its token's list
};

// The limit a new session ran into.
enum class SessionLimit { PerToken, ServerWide };

// A session the registry removed (evicted or expired), with the session's lock still held: the
// lock taken to see that it owed nothing. Ending it (endSession) therefore never waits, and no
// message can start on it between that check and its end.
struct RemovedSession {
    std::shared_ptr<Session> session;
    std::unique_lock<std::mutex> lock;   // after `session`: released before the session goes
};

// A session the registry ended to make room, and why.
struct EvictedSession : RemovedSession {
    SessionLimit limit = SessionLimit::ServerWide;
};

// What create() did: a new session, or the limit that refused it (every session it could
// have evicted owes its client work); and the sessions evicted to make room.
struct SessionAdmission {
    std::shared_ptr<Session> session;    // null when refused
    SessionLimit refusedBy = SessionLimit::ServerWide;
    std::vector<EvictedSession> evicted;  // already removed; their streams still open, for the
                                          // caller to close outside the registry's lock
};

class SessionRegistry {
public:
    using IdGenerator = std::function<std::string()>;
    // `newId` issues session ids; the default is 128 random bits as 32 hex digits.
    // `clock` tells idleness (tests pass a ManualClock).
    SessionRegistry(std::size_t maxSessions, std::size_t maxSessionsPerToken, IdGenerator newId = randomSessionId,
                    const LoopClock& clock = steadyLoopClock());
    static std::string randomSessionId();

    // A new session, after evicting the longest-idle session that owes nothing when a limit is
    // reached; refused when every candidate owes its client work.
    SessionAdmission create(TransportKind transport, std::string token, std::string authorization,
                            std::shared_ptr<OutboundQueue> stream = nullptr);
    // The session with this id, if it exists and belongs to `token`; marks it active.
    std::shared_ptr<Session> find(const std::string& id, const std::string& token);
    std::shared_ptr<Session> remove(const std::string& id);
    // Ends sessions idle for longer than `timeout` that owe their client nothing (a legacy
    // session lives as long as its stream; a session with work in progress waits until it is
    // done); returns them, streams still open.
    std::vector<RemovedSession> expireIdle(std::chrono::steady_clock::duration timeout);
    std::vector<std::shared_ptr<Session>> removeAll();
    std::size_t size() const;
    std::size_t count(TransportKind transport) const;

private:
    // Unlinks a session from every index. Lock held.
    std::shared_ptr<Session> eraseLocked(const std::string& id);
    // The first session of `order` (least recently used first) that may be evicted, removed,
    // with its lock held; no session when none may be. Lock held.
    RemovedSession removeFirstEvictable(const std::list<Session*>& order);
    // The session's lock when ending `session` now loses nothing: no message is being handled
    // and it owes its client no work; else an empty lock. Never waits for the session's lock.
    static std::unique_lock<std::mutex> lockIfOwesNothing(Session& session);

    const std::size_t maxSessions_;
    const std::size_t maxSessionsPerToken_;
    IdGenerator newId_;
    const LoopClock& clock_;
    mutable std::mutex mutex_;
    // Keyed by a view of the session's own id (set before insertion, never changed): no copy.
    std::unordered_map<std::string_view, std::shared_ptr<Session>> sessions_;
    std::list<Session*> recency_;                                   // least recently used first
    std::unordered_map<std::string, std::list<Session*>> byToken_;  // each least recently used first
    std::size_t legacyCount_ = 0;
};

}  // namespace mcp::server
