// Self-signed test certificates and a verifying TLS client (see tls_test_certificate.h).
#include "reference-server/tls_test_certificate.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

namespace mcp::server::testing {
namespace {

std::string opensslError(const std::string& what) {
    char text[256] = "";
    if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return what + ": " + text;
}

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Context = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using Connection = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;

bool addExtension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (!extension) return false;
    bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

bool writePem(const std::string& path, const std::function<int(FILE*)>& write) {
    FILE* file = std::fopen(path.c_str(), "w");
    if (!file) return false;
    bool ok = write(file) == 1;
    return std::fclose(file) == 0 && ok;
}

}  // namespace

TestCertificate::TestCertificate(TestCertificate&& other) noexcept
    : certificateFile(std::move(other.certificateFile)), keyFile(std::move(other.keyFile)), error(std::move(other.error)) {
    other.certificateFile.clear();
    other.keyFile.clear();
}

TestCertificate::~TestCertificate() {
    if (!certificateFile.empty()) std::remove(certificateFile.c_str());
    if (!keyFile.empty()) std::remove(keyFile.c_str());
}

TestCertificate makeTestCertificate() {
    TestCertificate out;
    // EVP_EC_gen("P-256") without the macro's cast of the curve name to char* (-Wcast-qual).
    char curve[] = "P-256";
    Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
    if (!key) {
        out.error = opensslError("EVP_EC_gen");
        return out;
    }
    Certificate certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), static_cast<long>(std::rand()) + 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
    X509_set_pubkey(certificate.get(), key.get());
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(certificate.get(), name);
    if (!addExtension(certificate.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") ||
        !addExtension(certificate.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
        out.error = opensslError("building the certificate");
        return out;
    }
    char pattern[] = "/tmp/mcp-tls-test-XXXXXX";
    int fd = ::mkstemp(pattern);
    if (fd < 0) {
        out.error = "mkstemp failed";
        return out;
    }
    ::close(fd);
    std::remove(pattern);
    out.certificateFile = std::string(pattern) + "-cert.pem";
    out.keyFile = std::string(pattern) + "-key.pem";
    if (!writePem(out.certificateFile, [&](FILE* f) { return PEM_write_X509(f, certificate.get()); }) ||
        !writePem(out.keyFile, [&](FILE* f) {
            return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        }))
        out.error = "cannot write the PEM files";
    return out;
}

TlsExchange tlsExchange(int port, const std::string& caFile, const std::string& request) {
    TlsExchange out;
    Context context(SSL_CTX_new(TLS_client_method()));
    if (!context || SSL_CTX_load_verify_locations(context.get(), caFile.c_str(), nullptr) != 1) {
        out.error = opensslError("client context");
        return out;
    }
    SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        out.error = "connect failed";
        return out;
    }
    Connection ssl(SSL_new(context.get()));
    SSL_set_fd(ssl.get(), fd);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), "127.0.0.1");
    if (SSL_connect(ssl.get()) != 1) {
        out.error = opensslError("handshake");
        ::close(fd);
        return out;
    }
    std::size_t written = 0;
    if (SSL_write_ex(ssl.get(), request.data(), request.size(), &written) != 1 || written != request.size()) {
        out.error = opensslError("write");
        ::close(fd);
        return out;
    }
    char chunk[16384];
    std::size_t n = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline && SSL_read_ex(ssl.get(), chunk, sizeof chunk, &n) == 1)
        out.response.append(chunk, n);
    ERR_clear_error();
    ::close(fd);
    if (out.response.empty()) out.error = "no response";
    return out;
}

}  // namespace mcp::server::testing
