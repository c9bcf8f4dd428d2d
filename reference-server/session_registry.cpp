// Session ids, token-bound lookup, quotas with eviction, expiry; the resumption log.
#include "reference-server/session_registry.h"

#include "protocol/bearer.h"

#include <sys/random.h>

#include <algorithm>
#include <array>

namespace mcp::server {

std::uint64_t ResumptionLog::openStream() {
    std::lock_guard lock(mutex_);
    return nextStream_++;
}

std::string ResumptionLog::record(std::uint64_t stream, std::uint64_t seq, std::string encodedEvent) {
    std::lock_guard lock(mutex_);
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
    std::lock_guard lock(mutex_);
    if (stream == 0 || stream >= nextStream_ || stream < oldestStream_) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& e : entries_)
        if (e.stream == stream && e.seq > seq) out.push_back(e.bytes);
    return out;
}

ResumptionLog& Session::log() {
    std::call_once(logMade_, [this] { log_ = std::make_unique<ResumptionLog>(); });
    return *log_;
}

SessionRegistry::SessionRegistry(std::size_t maxSessions, std::size_t maxSessionsPerToken, IdGenerator newId,
                                 const LoopClock& clock)
    : maxSessions_(std::max<std::size_t>(1, maxSessions)),
      maxSessionsPerToken_(std::max<std::size_t>(1, maxSessionsPerToken)),
      newId_(std::move(newId)),
      clock_(clock) {}

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

SessionAdmission SessionRegistry::create(TransportKind transport, std::string token, std::string authorization,
                                         std::shared_ptr<OutboundQueue> stream) {
    auto session = std::make_shared<Session>();
    session->transport = transport;
    session->token = std::move(token);
    session->mcp.authorization = std::move(authorization);
    session->stream = std::move(stream);
    session->lastActivity = clock_.now();
    SessionAdmission admission;
    std::lock_guard lock(mutex_);
    // Evicting one of the token's own sessions also makes room under the server-wide limit.
    auto tokenSessions = byToken_.find(session->token);
    if (tokenSessions != byToken_.end() && tokenSessions->second.size() >= maxSessionsPerToken_) {
        RemovedSession idle = removeFirstEvictable(tokenSessions->second);
        if (!idle.session) {
            admission.refusedBy = SessionLimit::PerToken;
            return admission;
        }
        admission.evicted.push_back({std::move(idle), SessionLimit::PerToken});
    } else if (sessions_.size() >= maxSessions_) {
        RemovedSession idle = removeFirstEvictable(recency_);
        if (!idle.session) {
            admission.refusedBy = SessionLimit::ServerWide;
            return admission;
        }
        admission.evicted.push_back({std::move(idle), SessionLimit::ServerWide});
    }
    do session->id = newId_();
    while (sessions_.count(session->id));
    session->recency = recency_.insert(recency_.end(), session.get());
    auto& list = byToken_[session->token];
    session->tokenRecency = list.insert(list.end(), session.get());
    if (transport == TransportKind::LegacySse) ++legacyCount_;
    sessions_.emplace(session->id, session);
    admission.session = std::move(session);
    return admission;
}

std::unique_lock<std::mutex> SessionRegistry::lockIfOwesNothing(Session& session) {
    // A session whose lock is taken is handling a message now: it is busy. try_lock never
    // waits, so the registry's lock is never held while waiting for a session's.
    std::unique_lock sessionLock(session.mutex, std::try_to_lock);
    if (sessionLock && session.mcp.owesWork()) sessionLock.unlock();
    return sessionLock;
}

RemovedSession SessionRegistry::removeFirstEvictable(const std::list<Session*>& order) {
    for (Session* candidate : order)
        if (auto lock = lockIfOwesNothing(*candidate); lock.owns_lock())
            return {eraseLocked(candidate->id), std::move(lock)};
    return {};
}

std::shared_ptr<Session> SessionRegistry::find(const std::string& id, const std::string& token) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end() || !constantTimeEquals(it->second->token, token)) return nullptr;
    Session& session = *it->second;
    session.lastActivity = clock_.now();
    recency_.splice(recency_.end(), recency_, session.recency);
    auto& list = byToken_[session.token];
    list.splice(list.end(), list, session.tokenRecency);
    return it->second;
}

std::shared_ptr<Session> SessionRegistry::eraseLocked(const std::string& id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return nullptr;
    std::shared_ptr<Session> session = std::move(it->second);
    sessions_.erase(it);
    recency_.erase(session->recency);
    auto tokenIt = byToken_.find(session->token);
    tokenIt->second.erase(session->tokenRecency);
    if (tokenIt->second.empty()) byToken_.erase(tokenIt);
    if (session->transport == TransportKind::LegacySse) --legacyCount_;
    return session;
}

std::shared_ptr<Session> SessionRegistry::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    return eraseLocked(id);
}

std::vector<RemovedSession> SessionRegistry::expireIdle(std::chrono::steady_clock::duration timeout) {
    auto cutoff = clock_.now() - timeout;
    std::vector<RemovedSession> expired;
    std::lock_guard lock(mutex_);
    for (auto it = recency_.begin(); it != recency_.end() && (*it)->lastActivity < cutoff;) {
        Session* session = *it++;
        // A legacy session lives as long as its stream; only stream-less state expires.
        bool streaming = session->transport == TransportKind::LegacySse && session->stream && !session->stream->closed();
        if (streaming) continue;
        if (auto sessionLock = lockIfOwesNothing(*session); sessionLock.owns_lock())
            expired.push_back({eraseLocked(session->id), std::move(sessionLock)});
    }
    return expired;
}

std::vector<std::shared_ptr<Session>> SessionRegistry::removeAll() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Session>> all;
    for (auto& [id, s] : sessions_) all.push_back(std::move(s));
    sessions_.clear();
    recency_.clear();
    byToken_.clear();
    legacyCount_ = 0;
    return all;
}

std::size_t SessionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::size_t SessionRegistry::count(TransportKind transport) const {
    std::lock_guard lock(mutex_);
    return transport == TransportKind::LegacySse ? legacyCount_ : sessions_.size() - legacyCount_;
}

}  // namespace mcp::server
