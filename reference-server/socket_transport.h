// SocketTransport: how one connection moves bytes, non-blocking: plain TCP, or TLS through
// OpenSSL on the same event loop. The transport owns the descriptor and closes it.
// A call never blocks; it says whether the socket must become readable or writable before
// the same call can make progress (TLS may need either for either).
//
//   auto tls = TlsServerContext::load("cert.pem", "key.pem", error);   // at start-up
//   std::unique_ptr<SocketTransport> t = tls ? tls->wrap(fd) : plainTransport(fd);
//   auto r = t->read(buffer, sizeof buffer);   // r.status == Status::WantRead: wait for EPOLLIN
#pragma once

#include <cstddef>
#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace mcp::server {

class SocketTransport {
public:
    enum class Status { Ok, WantRead, WantWrite, Eof, Failed };
    struct Result {
        Status status = Status::Ok;
        std::size_t bytes = 0;
    };

    explicit SocketTransport(int fd) : fd_(fd) {}
    virtual ~SocketTransport();
    SocketTransport(const SocketTransport&) = delete;
    SocketTransport& operator=(const SocketTransport&) = delete;

    // Completes the TLS handshake (Ok at once for plain TCP).
    virtual Result handshake() { return {}; }
    virtual Result read(char* buffer, std::size_t size) = 0;
    virtual Result write(const char* data, std::size_t size) = 0;
    // Ends our direction (TLS close_notify, then a TCP half-close); reading may go on.
    virtual void shutdownWrite() = 0;
    // Bytes decrypted and buffered inside the transport, invisible to epoll.
    virtual bool hasBufferedInput() const { return false; }
    int fd() const { return fd_; }

protected:
    int fd_;
};

std::unique_ptr<SocketTransport> plainTransport(int fd);

// A server certificate and key, loaded once and shared by every TLS connection.
class TlsServerContext {
public:
    // nullptr with `error` set when the files cannot be used.
    static std::unique_ptr<TlsServerContext> load(const std::string& certificateChainFile,
                                                  const std::string& privateKeyFile, std::string& error);
    ~TlsServerContext();
    TlsServerContext(const TlsServerContext&) = delete;
    TlsServerContext& operator=(const TlsServerContext&) = delete;

    // A server-side TLS transport over a connected, non-blocking socket; nullptr if OpenSSL
    // cannot allocate one (the descriptor is then closed).
    std::unique_ptr<SocketTransport> wrap(int fd) const;

private:
    explicit TlsServerContext(SSL_CTX* context) : context_(context) {}
    SSL_CTX* context_;
};

}  // namespace mcp::server
