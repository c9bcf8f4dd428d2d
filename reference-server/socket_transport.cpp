// Plain TCP and OpenSSL transports for the event loop (see socket_transport.h).
#include "reference-server/socket_transport.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace mcp::server {
namespace {

using Result = SocketTransport::Result;
using Status = SocketTransport::Status;

class PlainTransport : public SocketTransport {
public:
    using SocketTransport::SocketTransport;

    Result read(char* buffer, std::size_t size) override {
        while (true) {
            ssize_t n = ::recv(fd_, buffer, size, 0);
            if (n > 0) return {Status::Ok, static_cast<std::size_t>(n)};
            if (n == 0) return {Status::Eof, 0};
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return {Status::WantRead, 0};
            return {Status::Failed, 0};
        }
    }

    Result write(const char* data, std::size_t size) override {
        while (true) {
            ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
            if (n >= 0) return {Status::Ok, static_cast<std::size_t>(n)};
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return {Status::WantWrite, 0};
            return {Status::Failed, 0};
        }
    }

    // A failed half-close (the peer already reset) leaves nothing to do: the close follows.
    void shutdownWrite() override { (void)::shutdown(fd_, SHUT_WR); }
};

class TlsTransport : public SocketTransport {
public:
    TlsTransport(int fd, SSL* ssl) : SocketTransport(fd), ssl_(ssl) {}
    ~TlsTransport() override { SSL_free(ssl_); }

    Result handshake() override {
        ERR_clear_error();
        int ret = SSL_do_handshake(ssl_);
        return ret == 1 ? Result{} : failure(ret);
    }

    Result read(char* buffer, std::size_t size) override {
        ERR_clear_error();
        std::size_t n = 0;
        int ret = SSL_read_ex(ssl_, buffer, size, &n);
        return ret == 1 ? Result{Status::Ok, n} : failure(ret);
    }

    Result write(const char* data, std::size_t size) override {
        ERR_clear_error();
        std::size_t n = 0;
        int ret = SSL_write_ex(ssl_, data, size, &n);
        return ret == 1 ? Result{Status::Ok, n} : failure(ret);
    }

    void shutdownWrite() override {
        ERR_clear_error();
        if (SSL_is_init_finished(ssl_)) (void)SSL_shutdown(ssl_);  // close_notify; best effort
        ERR_clear_error();
        (void)::shutdown(fd_, SHUT_WR);
    }

    bool hasBufferedInput() const override { return SSL_pending(ssl_) > 0; }

private:
    Result failure(int ret) {
        int error = SSL_get_error(ssl_, ret);
        ERR_clear_error();
        switch (error) {
            case SSL_ERROR_WANT_READ: return {Status::WantRead, 0};
            case SSL_ERROR_WANT_WRITE: return {Status::WantWrite, 0};
            case SSL_ERROR_ZERO_RETURN: return {Status::Eof, 0};
            default: return {Status::Failed, 0};
        }
    }

    SSL* ssl_;
};

std::string lastOpenSslError(const std::string& what) {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return what;
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return what + ": " + text;
}

}  // namespace

SocketTransport::~SocketTransport() {
    if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<SocketTransport> plainTransport(int fd) { return std::make_unique<PlainTransport>(fd); }

std::unique_ptr<TlsServerContext> TlsServerContext::load(const std::string& certificateChainFile,
                                                         const std::string& privateKeyFile, std::string& error) {
    ERR_clear_error();
    SSL_CTX* context = SSL_CTX_new(TLS_server_method());
    if (!context) {
        error = lastOpenSslError("cannot create a TLS context");
        return nullptr;
    }
    std::unique_ptr<TlsServerContext> out(new TlsServerContext(context));
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Partial writes and moving buffers suit a non-blocking writer; idle connections give
    // their read and write buffers back.
    SSL_CTX_set_mode(context,
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate_chain_file(context, certificateChainFile.c_str()) != 1) {
        error = lastOpenSslError("cannot use --tls-cert " + certificateChainFile);
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey_file(context, privateKeyFile.c_str(), SSL_FILETYPE_PEM) != 1) {
        error = lastOpenSslError("cannot use --tls-key " + privateKeyFile);
        return nullptr;
    }
    if (SSL_CTX_check_private_key(context) != 1) {
        error = lastOpenSslError("--tls-key does not match --tls-cert");
        return nullptr;
    }
    return out;
}

TlsServerContext::~TlsServerContext() { SSL_CTX_free(context_); }

std::unique_ptr<SocketTransport> TlsServerContext::wrap(int fd) const {
    SSL* ssl = SSL_new(context_);
    if (!ssl || SSL_set_fd(ssl, fd) != 1) {
        ERR_clear_error();
        if (ssl) SSL_free(ssl);
        ::close(fd);
        return nullptr;
    }
    SSL_set_accept_state(ssl);
    return std::make_unique<TlsTransport>(fd, ssl);
}

}  // namespace mcp::server
