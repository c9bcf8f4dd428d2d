// ServerMetrics: counting and the Prometheus text rendering (see server_metrics.h).
#include "reference-server/server_metrics.h"

#include <dirent.h>

#include <fstream>
#include <sstream>

namespace mcp::server {
namespace {

using Reason = OutboundQueue::CloseReason;
static_assert(static_cast<std::size_t>(Reason::ServerStopping) + 1 == 9, "ServerMetrics::kDropReasons");

// The reasons a stream counts as dropped (the others are ordinary ends).
constexpr std::array<Reason, 5> kDropped = {Reason::ReaderTooSlow, Reason::WriteStalled, Reason::ProducerFailed,
                                            Reason::Evicted, Reason::Expired};

void header(std::ostringstream& out, std::string_view name, std::string_view type, std::string_view help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

// A "Key:   value kB" line of /proc/self/status, in the unit given.
long long procStatus(std::string_view key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) != 0 || line.size() <= key.size() || line[key.size()] != ':') continue;
        return std::stoll(line.substr(key.size() + 1));
    }
    return -1;
}

long long openDescriptors() {
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return -1;
    long long count = 0;
    while (dirent* entry = ::readdir(dir))
        if (entry->d_name[0] != '.') ++count;
    ::closedir(dir);
    return count - 1;  // the descriptor of the directory being read
}

}  // namespace

std::string_view toString(ConnectionState state) {
    switch (state) {
        case ConnectionState::Handshaking: return "handshaking";
        case ConnectionState::Idle: return "idle";
        case ConnectionState::Reading: return "reading";
        case ConnectionState::Dispatching: return "dispatching";
        case ConnectionState::Writing: return "writing";
        case ConnectionState::Streaming: return "streaming";
        case ConnectionState::Closing: return "closing";
        case ConnectionState::Count_: break;
    }
    return "unknown";
}

std::string_view toString(Refusal refusal) {
    switch (refusal) {
        case Refusal::BadRequest: return "bad-request";
        case Refusal::HeadTimeout: return "head-timeout";
        case Refusal::RequestTimeout: return "request-timeout";
        case Refusal::BodyTooLarge: return "body-too-large";
        case Refusal::TargetTooLong: return "target-too-long";
        case Refusal::HeadTooLarge: return "head-too-large";
        case Refusal::ExpectationFailed: return "expectation-failed";
        case Refusal::NotImplemented: return "not-implemented";
        case Refusal::VersionNotSupported: return "version-not-supported";
        case Refusal::Overloaded: return "overloaded";
        case Refusal::SessionQuota: return "session-quota";
        case Refusal::SessionLimit: return "session-limit";
        case Refusal::ConnectionLimit: return "connection-limit";
        case Refusal::DescriptorLimit: return "descriptor-limit";
        case Refusal::TlsHandshake: return "tls-handshake";
        case Refusal::Count_: break;
    }
    return "unknown";
}

Refusal refusalForStatus(int status) {
    switch (status) {
        case 408: return Refusal::RequestTimeout;
        case 413: return Refusal::BodyTooLarge;
        case 414: return Refusal::TargetTooLong;
        case 417: return Refusal::ExpectationFailed;
        case 431: return Refusal::HeadTooLarge;
        case 501: return Refusal::NotImplemented;
        case 503: return Refusal::Overloaded;
        case 505: return Refusal::VersionNotSupported;
        default: return Refusal::BadRequest;
    }
}

std::string_view toString(ConnectionClose reason) {
    switch (reason) {
        case ConnectionClose::IdleTimeout: return "idle-timeout";
        case ConnectionClose::IdleEvicted: return "idle-evicted";
        case ConnectionClose::WriteStalled: return "write-stalled";
        case ConnectionClose::HandlerFailed: return "handler-failed";
        case ConnectionClose::Count_: break;
    }
    return "unknown";
}

void ServerMetrics::requestAnswered(int status) {
    if (status >= 100 && status < static_cast<int>(requests_.size())) add(requests_, static_cast<std::size_t>(status));
}

std::uint64_t ServerMetrics::requests(int status) const {
    if (status < 100 || status >= static_cast<int>(requests_.size())) return 0;
    return requests_[static_cast<std::size_t>(status)].load();
}

void ServerMetrics::streamClosed(OutboundQueue::CloseReason reason) {
    if (static_cast<std::size_t>(reason) < dropped_.size()) add(dropped_, static_cast<std::size_t>(reason));
}

std::uint64_t ServerMetrics::streamsDropped(OutboundQueue::CloseReason reason) const {
    return static_cast<std::size_t>(reason) < dropped_.size() ? dropped_[static_cast<std::size_t>(reason)].load() : 0;
}

std::string ServerMetrics::render(const SessionCounts& sessions) const {
    std::ostringstream out;
    header(out, "mcp_connections", "gauge", "Open connections by state.");
    for (std::size_t i = 0; i < states_.size(); ++i)
        out << "mcp_connections{state=\"" << toString(static_cast<ConnectionState>(i)) << "\"} " << states_[i].load() << '\n';
    header(out, "mcp_connections_accepted_total", "counter", "Connections accepted.");
    out << "mcp_connections_accepted_total " << accepted_.load() << '\n';
    header(out, "mcp_connections_closed_total", "counter", "Connections the server closed on its own, by reason.");
    for (std::size_t i = 0; i < closed_.size(); ++i)
        out << "mcp_connections_closed_total{reason=\"" << toString(static_cast<ConnectionClose>(i)) << "\"} "
            << closed_[i].load() << '\n';
    header(out, "mcp_sessions", "gauge", "Open MCP sessions by transport.");
    out << "mcp_sessions{transport=\"legacy-sse\"} " << sessions.legacySse << '\n';
    out << "mcp_sessions{transport=\"streamable-http\"} " << sessions.streamableHttp << '\n';
    header(out, "mcp_sessions_evicted_total", "counter", "Sessions ended to make room for a new one, by cause.");
    out << "mcp_sessions_evicted_total{cause=\"token-quota\"} " << tokenQuotaEvictions_.load() << '\n';
    out << "mcp_sessions_evicted_total{cause=\"session-limit\"} " << limitEvictions_.load() << '\n';
    header(out, "mcp_queued_bytes", "gauge", "Bytes in outbound stream queues not yet written to a socket.");
    out << "mcp_queued_bytes " << queuedBytes_.load() << '\n';
    header(out, "mcp_streams_dropped_total", "counter", "Event streams the server ended early, by reason.");
    for (Reason reason : kDropped)
        out << "mcp_streams_dropped_total{reason=\"" << toString(reason) << "\"} " << streamsDropped(reason) << '\n';
    header(out, "mcp_refusals_total", "counter", "Connections and requests refused, by reason.");
    for (std::size_t i = 0; i < refusals_.size(); ++i)
        out << "mcp_refusals_total{reason=\"" << toString(static_cast<Refusal>(i)) << "\"} " << refusals_[i].load() << '\n';
    header(out, "mcp_http_requests_total", "counter", "HTTP responses sent, by status code.");
    for (std::size_t status = 100; status < requests_.size(); ++status)
        if (auto n = requests_[status].load()) out << "mcp_http_requests_total{status=\"" << status << "\"} " << n << '\n';
    header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out << "process_resident_memory_bytes " << procStatus("VmRSS") * 1024 << '\n';
    header(out, "process_open_fds", "gauge", "Open file descriptors.");
    out << "process_open_fds " << openDescriptors() << '\n';
    header(out, "process_threads", "gauge", "Threads of the server process.");
    out << "process_threads " << procStatus("Threads") << '\n';
    return out.str();
}

}  // namespace mcp::server
