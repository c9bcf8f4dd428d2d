// mcp-ceiling-server: this machine's limit for mcp-bench's scenarios. One epoll loop per core
// (each accepting its own connections), non-blocking sockets, doing the wire work each
// scenario needs and nothing more (no
// bearer check, no schema validation, no JSON document, no per-message allocation on the hot
// path), so that bench/compare.sh can print every server's figures as a fraction of it:
//   - legacy HTTP+SSE: GET /sse -> 200 text/event-stream + `endpoint` event; POST to it ->
//     202, and the reply as one `message` event on the session's stream;
//   - Streamable HTTP: POST /mcp -> the JSON-RPC answer as application/json (202 for
//     notifications); GET /mcp -> a held text/event-stream;
//   - the `stream` tool (legacy): its events serialized straight into the stream's output
//     buffer and written 64 KiB at a time (coalesced writes), then the answer;
//   - idle connections: a held stream costs a socket and a small struct.
// Tools: add {a, b} (the sum as text, what mcp-bench checks) and stream {count, size} (events
// shaped like the reference server's). It speaks enough HTTP/1.1 for mcp-bench (Content-Length
// bodies, keep-alive, pipelining) and refuses the rest with 400/404.
//
// A legacy reply is written to its session's stream by the thread that read the POST, under
// the stream connection's mutex (uncontended but for that hand-over); nothing else is shared.
//
//   mcp-ceiling-server [--port N] [--threads N]   (binds 127.0.0.1; default one thread per core;
//                                                  prints "mcp-ceiling-server listening on http://127.0.0.1:PORT")
#include "bench/json_member_scanner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <signal.h>
#include <thread>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using mcp::bench::findJsonMember;
using mcp::bench::findJsonPath;
using mcp::bench::plainJsonString;

constexpr std::size_t kMaxRequestBytes = 1 << 20;   // a request head + body larger than this closes the connection
constexpr std::size_t kWriteChunk = 64 * 1024;      // coalesced stream writes
constexpr std::uint64_t kMaxStreamEvents = 1'000'000;
constexpr std::uint64_t kMaxStreamEventBytes = 65'536;

struct StreamJob {  // the stream tool in progress on a legacy SSE connection
    std::uint64_t next = 0, count = 0, size = 0;
    std::string callId;
    bool active = false;
};

struct Connection {
    int fd = -1;
    int epollFd = -1;            // of the thread that owns it (reads its requests, closes it)
    std::string in;              // owner thread only
    bool isStream = false;
    std::uint64_t session = 0;   // legacy: the session this stream carries
    std::mutex lock;             // guards what follows: output may come from another thread
    std::string out;
    std::size_t outSent = 0;
    bool wantsWrite = false;
    bool closed = false;
    StreamJob job;
};
using ConnectionPtr = std::shared_ptr<Connection>;

// Each thread's own connections (epoll's data.ptr points into them).
thread_local std::unordered_map<Connection*, ConnectionPtr> owned;

std::mutex sessionsLock;
std::unordered_map<std::uint64_t, ConnectionPtr> legacyStreams;    // session id -> its GET /sse stream
std::atomic<std::uint64_t> nextSession{1};

void appendNumber(std::string& out, std::uint64_t n) {
    char text[24];
    auto [end, ec] = std::to_chars(text, text + sizeof text, n);
    out.append(text, end);
}

void appendStreamEvent(std::string& out, std::uint64_t seq, std::uint64_t size) {
    constexpr std::string_view head = R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":)";
    constexpr std::string_view tail = R"("}}})";
    out += "event: message\ndata: ";
    const std::size_t jsonStart = out.size();
    out += head;
    appendNumber(out, seq);
    out += R"(,"pad":")";
    const std::size_t used = out.size() - jsonStart + tail.size();
    if (size > used) out.append(size - used, 'x');
    out += tail;
    out += "\n\n";
}

// Owner thread only.
void closeConnection(Connection* c) {
    {
        std::lock_guard guard(c->lock);
        c->closed = true;
        epoll_ctl(c->epollFd, EPOLL_CTL_DEL, c->fd, nullptr);
        ::close(c->fd);
    }
    if (c->isStream && c->session) {
        std::lock_guard guard(sessionsLock);
        legacyStreams.erase(c->session);
    }
    owned.erase(c);
}

void setWriteInterest(Connection* c, bool want) {
    if (c->wantsWrite == want) return;
    c->wantsWrite = want;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.ptr = c;
    epoll_ctl(c->epollFd, EPOLL_CTL_MOD, c->fd, &ev);
}

std::string replyHead(std::string_view id) {
    std::string reply = R"({"jsonrpc":"2.0","id":)";
    reply += id;
    return reply;
}

// Refills a streaming connection's output up to one write chunk; the answer follows the last event.
void refillStream(Connection* c) {
    StreamJob& job = c->job;
    while (job.active && c->out.size() - c->outSent < kWriteChunk) {
        if (job.next < job.count) {
            appendStreamEvent(c->out, job.next++, job.size);
            continue;
        }
        c->out += "event: message\ndata: " + replyHead(job.callId) + R"(,"result":{"content":[{"type":"text","text":"streamed )" +
                  std::to_string(job.count) + "\"}]}}\n\n";
        job.active = false;
    }
}

// Writes what is pending, with c->lock held. A connection whose peer is gone is shut down, so
// that its owner thread sees it and closes it.
void flush(Connection* c) {
    if (c->closed) return;
    for (int rounds = 0; rounds < 1024; ++rounds) {
        if (c->outSent > 0 && c->outSent == c->out.size()) {
            c->out.clear();
            c->outSent = 0;
        } else if (c->outSent >= kWriteChunk) {
            c->out.erase(0, c->outSent);
            c->outSent = 0;
        }
        refillStream(c);
        if (c->outSent == c->out.size()) {
            if (c->out.capacity() > 0 && !c->job.active) std::string().swap(c->out);  // idle: hold no buffer
            setWriteInterest(c, false);
            return;
        }
        const ssize_t n = ::send(c->fd, c->out.data() + c->outSent, c->out.size() - c->outSent, MSG_NOSIGNAL);
        if (n > 0) {
            c->outSent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        ::shutdown(c->fd, SHUT_RDWR);
        c->out.clear();
        c->outSent = 0;
        c->job.active = false;
        return;
    }
    setWriteInterest(c, true);
}

void flushLocked(Connection* c) {
    std::lock_guard guard(c->lock);
    flush(c);
}

std::optional<double> number(std::string_view body, std::string_view key) {
    const auto raw = findJsonPath(body, {"params", "arguments", key});
    if (!raw) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
    if (ec != std::errc() || ptr != raw->data() + raw->size()) return std::nullopt;
    return value;
}

// The JSON-RPC answer to one message ("" for a notification). A stream call on a legacy
// session starts `job` instead and answers when its events are written.
std::string answer(std::string_view body, StreamJob* job) {
    const auto id = findJsonMember(body, "id");
    const auto methodRaw = findJsonMember(body, "method");
    if (!id) return {};
    const std::string_view method = methodRaw ? plainJsonString(*methodRaw).value_or("") : "";
    std::string reply = replyHead(*id);
    if (method == "initialize") {
        const auto version = findJsonPath(body, {"params", "protocolVersion"});
        reply += R"(,"result":{"protocolVersion":)";
        reply += version ? *version : R"("2025-06-18")";
        reply += R"(,"capabilities":{"tools":{},"logging":{}},"serverInfo":{"name":"mcp-ceiling-server","version":"0.1.0"}}})";
        return reply;
    }
    if (method == "tools/call") {
        const auto nameRaw = findJsonPath(body, {"params", "name"});
        const std::string_view name = nameRaw ? plainJsonString(*nameRaw).value_or("") : "";
        if (name == "add") {
            const auto a = number(body, "a"), b = number(body, "b");
            if (a && b) {
                char text[32];
                const int length = std::snprintf(text, sizeof text, "%.17g", *a + *b);
                reply += R"(,"result":{"content":[{"type":"text","text":")";
                reply.append(text, static_cast<std::size_t>(length));
                reply += "\"}]}}";
                return reply;
            }
        } else if (name == "stream" && job && !job->active) {
            const auto count = number(body, "count"), size = number(body, "size");
            if (count && size && *count >= 0 && *count <= kMaxStreamEvents && *size >= 0 && *size <= kMaxStreamEventBytes) {
                *job = {0, static_cast<std::uint64_t>(*count), static_cast<std::uint64_t>(*size), std::string(*id), true};
                return {};
            }
        }
        return reply + R"(,"error":{"code":-32602,"message":"unknown tool or bad arguments"}})";
    }
    if (method == "ping") return reply + R"(,"result":{}})";
    return reply + R"(,"error":{"code":-32601,"message":"method not found"}})";
}

void respond(Connection* c, std::string_view status, std::string_view extraHeaders, std::string_view type, std::string_view body) {
    std::lock_guard guard(c->lock);
    c->out += "HTTP/1.1 ";
    c->out += status;
    c->out += "\r\n";
    c->out += extraHeaders;
    if (!type.empty()) {
        c->out += "Content-Type: ";
        c->out += type;
        c->out += "\r\n";
    }
    c->out += "Content-Length: ";
    appendNumber(c->out, body.size());
    c->out += "\r\n\r\n";
    c->out += body;
}

constexpr std::string_view kStreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

// One complete request, on the thread that owns `c`.
void handleRequest(Connection* c, std::string_view method, std::string_view target, std::string_view body) {
    const std::string_view path = target.substr(0, target.find('?'));
    if (method == "GET" && (path == "/sse" || path == "/mcp")) {
        c->isStream = true;
        if (path == "/sse") {
            c->session = nextSession++;
            std::lock_guard guard(sessionsLock);
            legacyStreams[c->session] = owned.at(c);
        }
        std::lock_guard guard(c->lock);
        c->out += kStreamHead;
        if (path == "/sse") {
            c->out += "event: endpoint\ndata: /sse/message?sessionId=";
            appendNumber(c->out, c->session);
            c->out += "\n\n";
        }
        return;
    }
    if (method == "POST" && path == "/mcp") {
        const std::string reply = answer(body, nullptr);
        if (reply.empty()) respond(c, "202 Accepted", "", "", "");
        else if (findJsonMember(body, "method") == std::optional<std::string_view>(R"("initialize")")) {
            std::string session = "Mcp-Session-Id: c";
            appendNumber(session, nextSession++);
            respond(c, "200 OK", session + "\r\n", "application/json", reply);
        } else {
            respond(c, "200 OK", "", "application/json", reply);
        }
        return;
    }
    if (method == "POST" && path == "/sse/message") {
        const auto query = target.find("sessionId=");
        std::uint64_t session = 0;
        if (query != std::string_view::npos) std::from_chars(target.data() + query + 10, target.data() + target.size(), session);
        ConnectionPtr stream;
        {
            std::lock_guard guard(sessionsLock);
            const auto found = legacyStreams.find(session);
            if (found != legacyStreams.end()) stream = found->second;
        }
        if (!stream) {
            respond(c, "404 Not Found", "", "", "");
            return;
        }
        respond(c, "202 Accepted", "", "", "");
        Connection* s = stream.get();
        std::lock_guard guard(s->lock);
        const std::string reply = answer(body, &s->job);
        if (!reply.empty()) {
            s->out += "event: message\ndata: ";
            s->out += reply;
            s->out += "\n\n";
        }
        flush(s);
        return;
    }
    if (method == "DELETE") {
        respond(c, "200 OK", "", "", "");
        return;
    }
    respond(c, "404 Not Found", "", "", "");
}

std::size_t contentLength(std::string_view head) {
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos; at = head.find("\r\n", at + 2)) {
        const std::string_view line = head.substr(at + 2, head.find("\r\n", at + 2) - at - 2);
        if (line.size() > 15 && strncasecmp(line.data(), "content-length:", 15) == 0) {
            std::string_view value = line.substr(15);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            std::size_t length = 0;
            std::from_chars(value.data(), value.data() + value.size(), length);
            return length;
        }
    }
    return 0;
}

// Handles every complete request in `data`; returns the bytes used, or npos when the
// connection was closed.
std::size_t handleRequests(Connection* c, std::string_view data) {
    std::size_t used = 0;
    while (used < data.size()) {
        const std::string_view rest = data.substr(used);
        const std::size_t headEnd = rest.find("\r\n\r\n");
        if (headEnd == std::string_view::npos) break;
        const std::string_view head = rest.substr(0, headEnd);
        const std::size_t length = contentLength(head);
        if (rest.size() < headEnd + 4 + length) break;
        const std::size_t space1 = head.find(' ');
        const std::size_t space2 = space1 == std::string_view::npos ? space1 : head.find(' ', space1 + 1);
        if (space2 == std::string_view::npos || length > kMaxRequestBytes) {
            respond(c, "400 Bad Request", "Connection: close\r\n", "", "");
            flushLocked(c);
            closeConnection(c);
            return std::string_view::npos;
        }
        handleRequest(c, head.substr(0, space1), head.substr(space1 + 1, space2 - space1 - 1), rest.substr(headEnd + 4, length));
        used += headEnd + 4 + length;
    }
    return used;
}

void onReadable(Connection* c) {
    thread_local char buffer[64 * 1024];
    for (int rounds = 0; rounds < 64; ++rounds) {
        const ssize_t n = ::recv(c->fd, buffer, sizeof buffer, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            closeConnection(c);
            return;
        }
        if (n < 0) break;
        std::size_t used;
        if (c->in.empty()) {
            used = handleRequests(c, std::string_view(buffer, static_cast<std::size_t>(n)));
            if (used == std::string_view::npos) return;
            c->in.assign(buffer + used, static_cast<std::size_t>(n) - used);
        } else {
            c->in.append(buffer, static_cast<std::size_t>(n));
            used = handleRequests(c, c->in);
            if (used == std::string_view::npos) return;
            c->in.erase(0, used);
        }
        if (c->in.size() > kMaxRequestBytes) {
            closeConnection(c);
            return;
        }
        if (c->in.empty() && c->in.capacity() > 0) std::string().swap(c->in);
    }
    flushLocked(c);
}

void acceptAll(int listener, int epollFd) {
    for (int rounds = 0; rounds < 256; ++rounds) {  // then let this thread's connections run
        const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_shared<Connection>();
        c->fd = fd;
        c->epollFd = epollFd;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = c.get();
        owned.emplace(c.get(), c);
        epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &ev);
    }
}

// One thread's loop, until the process is killed (like any server).
void serve(int listener) {
    const int epollFd = epoll_create1(EPOLL_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;  // one thread wakes per new connection
    ev.data.ptr = nullptr;
    epoll_ctl(epollFd, EPOLL_CTL_ADD, listener, &ev);
    std::vector<epoll_event> events(1024);
    for (;;) {
        const int ready = epoll_wait(epollFd, events.data(), static_cast<int>(events.size()), -1);
        for (int i = 0; i < ready; ++i) {
            auto* c = static_cast<Connection*>(events[static_cast<std::size_t>(i)].data.ptr);
            if (!c) {
                acceptAll(listener, epollFd);
                continue;
            }
            const std::uint32_t flags = events[static_cast<std::size_t>(i)].events;
            if (flags & (EPOLLIN | EPOLLERR | EPOLLHUP)) onReadable(c);
            else if (flags & EPOLLOUT) flushLocked(c);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--port" && i + 1 < argc) port = std::atoi(argv[++i]);
        else if (arg == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
        else {
            std::fprintf(stderr, "usage: mcp-ceiling-server [--port N] [--threads N]   (127.0.0.1 only)\n");
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    socklen_t length = sizeof address;
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, SOMAXCONN) != 0 ||
        getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        std::perror("mcp-ceiling-server: cannot listen");
        return 1;
    }
    std::printf("mcp-ceiling-server listening on http://127.0.0.1:%d\n", ntohs(address.sin_port));
    std::fflush(stdout);
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(serve, listener);
    serve(listener);
}
