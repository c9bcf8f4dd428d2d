// ServerMetrics: what the running server counts, and its rendering in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics. Counters and gauges are atomics:
// the event loop, the workers and the transports update them; any thread may render.
//
//   metrics.refused(Refusal::HeadTimeout);
//   metrics.sessionDropped(OutboundQueue::CloseReason::ReaderTooSlow);
//   std::string text = metrics.render(sessionsByTransport);
#pragma once

#include "reference-server/outbound_queue.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mcp::server {

// Where a connection is in its life (one gauge each).
enum class ConnectionState { Handshaking, Idle, Reading, Dispatching, Writing, Streaming, Closing, Count_ };
std::string_view toString(ConnectionState state);

// Why the server refused a connection or a request (each is logged once and counted).
enum class Refusal {
    BadRequest,          // 400 from the parser
    HeadTimeout,         // 408: the request head did not arrive within --head-timeout
    RequestTimeout,      // 408: head and body did not arrive within --request-timeout
    BodyTooLarge,        // 413
    TargetTooLong,       // 414
    HeadTooLarge,        // 431
    ExpectationFailed,   // 417
    NotImplemented,      // 501
    VersionNotSupported, // 505
    Overloaded,          // 503: the worker queue is full
    SessionQuota,        // 429: the token's --max-sessions-per-token sessions all owe their client work
    SessionLimit,        // 503: --max-sessions reached and every session owes its client work
    ConnectionLimit,     // accepted and closed: --max-connections reached and nothing idle to evict
    DescriptorLimit,     // accepted and closed: the process ran out of file descriptors
    TlsHandshake,        // the TLS handshake failed or did not finish within --head-timeout
    Count_
};
std::string_view toString(Refusal refusal);
// The refusal for a parser error status (400, 413, 414, 431, 501, 505, ...).
Refusal refusalForStatus(int status);

// Why the server closed a connection it had not been asked to close.
enum class ConnectionClose { IdleTimeout, IdleEvicted, WriteStalled, HandlerFailed, Count_ };
std::string_view toString(ConnectionClose reason);

class ServerMetrics {
public:
    void connectionAccepted() { accepted_.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed(ConnectionClose reason) { add(closed_, static_cast<std::size_t>(reason)); }
    void stateEntered(ConnectionState state) { add(states_, static_cast<std::size_t>(state)); }
    void stateLeft(ConnectionState state) { states_[static_cast<std::size_t>(state)].fetch_sub(1, std::memory_order_relaxed); }
    void refused(Refusal refusal) { add(refusals_, static_cast<std::size_t>(refusal)); }
    void requestAnswered(int status);
    // Counts a stream that ended for a reason other than Finished, PeerClosed, Deleted or ServerStopping.
    void streamClosed(OutboundQueue::CloseReason reason);
    void sessionEvicted(bool tokenQuota) { (tokenQuota ? tokenQuotaEvictions_ : limitEvictions_).fetch_add(1, std::memory_order_relaxed); }
    // The gauge every OutboundQueue of the server adds its unwritten bytes to.
    std::atomic<std::int64_t>& queuedBytes() { return queuedBytes_; }

    std::uint64_t refusals(Refusal refusal) const { return refusals_[static_cast<std::size_t>(refusal)].load(); }
    std::int64_t connections(ConnectionState state) const { return states_[static_cast<std::size_t>(state)].load(); }
    std::uint64_t connectionsClosed(ConnectionClose reason) const { return closed_[static_cast<std::size_t>(reason)].load(); }
    std::uint64_t requests(int status) const;
    std::uint64_t streamsDropped(OutboundQueue::CloseReason reason) const;

    struct SessionCounts {
        std::size_t legacySse = 0;
        std::size_t streamableHttp = 0;
    };
    // The whole exposition, including process figures (resident memory, descriptors, threads).
    std::string render(const SessionCounts& sessions) const;

private:
    template <typename Array>
    static void add(Array& array, std::size_t index) {
        array[index].fetch_add(1, std::memory_order_relaxed);
    }

    static constexpr std::size_t kDropReasons = 9;  // OutboundQueue::CloseReason values
    std::atomic<std::uint64_t> accepted_{0};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(ConnectionClose::Count_)> closed_{};
    std::array<std::atomic<std::int64_t>, static_cast<std::size_t>(ConnectionState::Count_)> states_{};
    std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Refusal::Count_)> refusals_{};
    std::array<std::atomic<std::uint64_t>, 600> requests_{};
    std::array<std::atomic<std::uint64_t>, kDropReasons> dropped_{};
    std::atomic<std::uint64_t> tokenQuotaEvictions_{0};
    std::atomic<std::uint64_t> limitEvictions_{0};
    std::atomic<std::int64_t> queuedBytes_{0};
};

}  // namespace mcp::server
