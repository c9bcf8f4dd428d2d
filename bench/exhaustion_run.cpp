// ExhaustionRun: held idle and slowloris connections, and sequential fresh-session probes.
#include "bench/exhaustion_run.h"

#include "bench/legacy_sse_session.h"
#include "bench/process_probe.h"
#include "bench/streamable_http_session.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <vector>

namespace mcp::bench {
namespace {

// One connection the scenario keeps open: idle (sends nothing) or slowloris (a request head
// that never ends, one byte at a time). Closed by the server -> reopened by tick().
class HeldConnection final : public IoHandler {
public:
    HeldConnection(EventLoop& loop, const sockaddr_in& target, std::string prefix, Clock::duration interval)
        : loop_(loop), target_(target), prefix_(std::move(prefix)), interval_(interval) {}
    ~HeldConnection() override { drop(); }

    bool slowloris() const { return !prefix_.empty(); }
    bool connected() const { return connected_; }
    bool open() const { return fd_ >= 0; }
    std::uint64_t closedByServer = 0;
    std::uint64_t connectFailures = 0;

    void connect() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd_ < 0) {
            ++connectFailures;
            return;
        }
        int rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&target_), sizeof target_);
        if ((rc != 0 && errno != EINPROGRESS) || !loop_.watch(fd_, this)) {
            ++connectFailures;
            drop();
        }
    }

    // Sends the next slowloris byte when due; reopens a connection the server closed (at most
    // `reopenBudget` per pass, so the client's own reconnect burst does not delay a probe).
    void tick(Clock::time_point now, int& reopenBudget) {
        if (!open()) {
            if (reopenBudget > 0) {
                --reopenBudget;
                connect();
            }
            return;
        }
        if (!slowloris() || !connected_ || now < nextByte_) return;
        nextByte_ = now + interval_;
        (void)::send(fd_, "a", 1, MSG_NOSIGNAL);
    }

    void onIoReady(std::uint32_t events) override {
        if (events & EPOLLOUT && !connected_) {
            int error = 0;
            socklen_t length = sizeof error;
            if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
                ++connectFailures;
                drop();
                return;
            }
            connected_ = true;
            if (slowloris()) {
                (void)::send(fd_, prefix_.data(), prefix_.size(), MSG_NOSIGNAL);
                nextByte_ = Clock::now() + interval_;
            }
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            char sink[4096];
            while (true) {
                ssize_t n = ::recv(fd_, sink, sizeof sink, 0);
                if (n > 0) continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
                ++closedByServer;  // EOF or reset: the server let go of it
                drop();
                return;
            }
        }
    }
    void onDeferredRead() override {}

private:
    void drop() {
        if (fd_ < 0) return;
        loop_.unwatch(fd_);
        ::close(fd_);
        fd_ = -1;
        connected_ = false;
    }

    EventLoop& loop_;
    sockaddr_in target_;
    std::string prefix_;
    Clock::duration interval_;
    int fd_ = -1;
    bool connected_ = false;
    Clock::time_point nextByte_{};
};

constexpr int kReopensPerPass = 32;

void tickAll(std::vector<std::unique_ptr<HeldConnection>>& held, Clock::time_point now) {
    int budget = kReopensPerPass;
    for (auto& h : held) h->tick(now, budget);
}

std::optional<std::uint64_t> serverThreads(std::int64_t pid) {
    if (pid <= 0) return std::nullopt;
    FILE* status = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
    if (!status) return std::nullopt;
    char line[256];
    std::optional<std::uint64_t> threads;
    while (std::fgets(line, sizeof line, status))
        if (std::string_view(line).starts_with("Threads:")) threads = std::strtoull(line + 8, nullptr, 10);
    std::fclose(status);
    return threads;
}

}  // namespace

ExhaustionFigures runExhaustion(const BenchOptions& options, const SessionPlan& basePlan, TransportKind transport,
                                Clock::time_point deadline) {
    ExhaustionFigures figures;
    EventLoop loop;
    SessionPlan plan = basePlan;
    plan.scenario = Scenario::Roundtrip;  // each probe: handshake, one call
    plan.inflight = 1;
    const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.slowlorisIntervalSeconds));
    const std::string prefix = "GET " + plan.path + " HTTP/1.1\r\n" + plan.commonHeaders +
                               (plan.authorizations.empty() ? "" : plan.authorizations.front()) + "X-Slowloris: ";

    figures.rssBeforeKib = residentKib(options.pid);
    std::vector<std::unique_ptr<HeldConnection>> held;
    for (std::uint32_t i = 0; i < options.idleConnections; ++i)
        held.push_back(std::make_unique<HeldConnection>(loop, plan.target, "", interval));
    for (std::uint32_t i = 0; i < options.slowlorisConnections; ++i)
        held.push_back(std::make_unique<HeldConnection>(loop, plan.target, prefix, interval));

    // Open them in bursts so the server's accept backlog is not overrun.
    const auto setupStarted = Clock::now();
    std::size_t opened = 0;
    while (Clock::now() < deadline) {
        std::size_t pending = 0;
        for (std::size_t i = 0; i < opened; ++i) pending += held[i]->open() && !held[i]->connected();
        while (opened < held.size() && pending < options.connectBurst) {
            held[opened++]->connect();
            ++pending;
        }
        if (opened == held.size() && pending == 0) break;
        loop.pollOnce(std::chrono::milliseconds(10));
        int budget = static_cast<int>(options.connectBurst);
        const auto now = Clock::now();
        for (std::size_t i = 0; i < opened; ++i)
            if (!held[i]->open()) held[i]->tick(now, budget);
    }
    figures.holdSetupSeconds = std::chrono::duration<double>(Clock::now() - setupStarted).count();

    std::vector<std::unique_ptr<McpClientSession>> probes;  // kept until the end: the loop may refer to them
    std::vector<std::unique_ptr<ThreadControl>> controls;
    std::vector<std::unique_ptr<RunStats>> stats;
    LiveCounters live;
    const auto probeBound = plan.setupTimeout * 2;
    const auto probeInterval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.probeIntervalSeconds));
    Clock::time_point nextProbe = Clock::now();
    for (std::uint32_t n = 0; n < options.sessions && Clock::now() < deadline; ++n) {
        // Keep the held connections served (and trickling) until the next probe is due.
        for (auto now = Clock::now(); now < nextProbe && now < deadline; now = Clock::now()) {
            loop.pollOnce(std::chrono::milliseconds(5));
            tickAll(held, Clock::now());
        }
        nextProbe = Clock::now() + probeInterval;
        controls.push_back(std::make_unique<ThreadControl>());
        controls.back()->callQuota = 1;
        stats.push_back(std::make_unique<RunStats>());
        RunStats& probeStats = *stats.back();
        if (transport == TransportKind::LegacySse)
            probes.push_back(std::make_unique<LegacySseSession>(loop, plan, *controls.back(), probeStats, live));
        else
            probes.push_back(std::make_unique<StreamableHttpSession>(loop, plan, *controls.back(), probeStats, live));
        McpClientSession& probe = *probes.back();
        const auto started = Clock::now();
        probe.start();
        auto now = started;
        while (probeStats.callsOk + probeStats.callErrors == 0 && probe.phase() != McpClientSession::Phase::Failed &&
               now < started + probeBound && now < deadline) {
            loop.pollOnce(std::chrono::milliseconds(5));
            now = Clock::now();
            probe.checkSetupTimeout(now);
            tickAll(held, now);
        }
        if (probeStats.callsOk == 1) {
            ++figures.probesOk;
            figures.probeLatency.record(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(now - started).count()));
        } else {
            ++figures.probesFailed;
            std::string reason = probeStats.failureReasons.empty() ? "no reply within " +
                                                                         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(probeBound).count()) + " s"
                                                                   : probeStats.failureReasons.begin()->first;
            ++figures.probeFailures[reason];
        }
        controls.back()->stopping = true;
        probe.finish();
    }
    figures.rssEndKib = residentKib(options.pid);
    figures.threadsEnd = serverThreads(options.pid);
    for (auto& h : held) {
        (h->slowloris() ? figures.slowlorisHeld : figures.idleHeld) += h->connected();
        (h->slowloris() ? figures.slowlorisClosedByServer : figures.idleClosedByServer) += h->closedByServer;
        figures.heldConnectFailures += h->connectFailures;
    }
    held.clear();
    // Let the probes' last callbacks drain before they are destroyed.
    loop.pollOnce(std::chrono::milliseconds(0));
    return figures;
}

}  // namespace mcp::bench
