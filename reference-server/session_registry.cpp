// Session ids, token-bound lookup, limits and expiry; the resumption log.
#include "reference-server/session_registry.h"

#include "protocol/bearer.h"

#include <sys/random.h>

#include <array>

namespace mcp::server {

std::uint64_t ResumptionLog::openStream() { return nextStream_++; }

std::string ResumptionLog::record(std::uint64_t stream, std::uint64_t seq, std::string encodedEvent) {
    bytes_ += encodedEvent.size();
    entries_.push_back({stream, seq, std::move(encodedEvent)});
    while (!entries_.empty() && (bytes_ > kMaxBytes || stream - entries_.front().stream >= kMaxStreams)) {
        bytes_ -= entries_.front().bytes.size();
        oldestStream_ = entries_.front().stream + 1;
        entries_.pop_front();
    }
    return std::to_string(stream) + "-" + std::to_string(seq);
}

std::optional<std::vector<std::string>> ResumptionLog::after(std::uint64_t stream, std::uint64_t seq) const {
    if (stream == 0 || stream >= nextStream_ || stream < oldestStream_) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& e : entries_)
        if (e.stream == stream && e.seq > seq) out.push_back(e.bytes);
    return out;
}

SessionRegistry::SessionRegistry(std::size_t maxSessions, IdGenerator newId)
    : maxSessions_(maxSessions), newId_(std::move(newId)) {}

std::string SessionRegistry::randomSessionId() {
    std::array<unsigned char, 16> bytes{};
    std::size_t got = 0;
    while (got < bytes.size()) {
        ssize_t n = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
        if (n > 0) got += static_cast<std::size_t>(n);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (unsigned char b : bytes) {
        id += kHex[b >> 4];
        id += kHex[b & 15];
    }
    return id;
}

std::shared_ptr<Session> SessionRegistry::create(TransportKind transport, std::string token, std::string authorization,
                                                 std::shared_ptr<OutboundStream> stream) {
    auto session = std::make_shared<Session>();
    session->transport = transport;
    session->token = std::move(token);
    session->mcp.authorization = std::move(authorization);
    session->stream = std::move(stream);
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= maxSessions_) return nullptr;
    do session->id = newId_();
    while (sessions_.count(session->id));
    sessions_.emplace(session->id, session);
    return session;
}

std::shared_ptr<Session> SessionRegistry::find(const std::string& id, const std::string& token) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end() || !constantTimeEquals(it->second->token, token)) return nullptr;
    it->second->lastActivity = std::chrono::steady_clock::now();
    return it->second;
}

std::shared_ptr<Session> SessionRegistry::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return nullptr;
    auto session = std::move(it->second);
    sessions_.erase(it);
    return session;
}

std::vector<std::shared_ptr<Session>> SessionRegistry::expireIdle(std::chrono::steady_clock::duration timeout) {
    auto cutoff = std::chrono::steady_clock::now() - timeout;
    std::vector<std::shared_ptr<Session>> expired;
    std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        // A legacy session lives as long as its stream; only stream-less state expires.
        bool streaming = it->second->transport == TransportKind::LegacySse && it->second->stream &&
                         !it->second->stream->closed();
        if (!streaming && it->second->lastActivity < cutoff) {
            expired.push_back(std::move(it->second));
            it = sessions_.erase(it);
        } else {
            ++it;
        }
    }
    return expired;
}

std::vector<std::shared_ptr<Session>> SessionRegistry::removeAll() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Session>> all;
    for (auto& [id, s] : sessions_) all.push_back(std::move(s));
    sessions_.clear();
    return all;
}

std::size_t SessionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

}  // namespace mcp::server
