// Test-only TLS helpers: a self-signed certificate for 127.0.0.1 made at test time with the
// OpenSSL API (nothing checked in, nothing that expires), and a blocking TLS client exchange
// that verifies the server against that certificate.
//
//   TestCertificate cert = makeTestCertificate();   // files removed with the object
//   TlsExchange r = tlsExchange(port, cert.certificateFile, rawRequest);
#pragma once

#include <string>

namespace mcp::server::testing {

struct TestCertificate {
    std::string certificateFile;  // PEM, CN and subjectAltName 127.0.0.1 (and DNS localhost)
    std::string keyFile;          // PEM, P-256
    std::string error;
    bool ok() const { return error.empty(); }
    TestCertificate() = default;
    TestCertificate(TestCertificate&& other) noexcept;
    TestCertificate& operator=(TestCertificate&&) = delete;
    ~TestCertificate();
};

TestCertificate makeTestCertificate();

struct TlsExchange {
    std::string response;  // everything read until the server closed
    std::string error;     // empty when the handshake verified and the exchange completed
};
// Connects to 127.0.0.1:port, verifies the server with `caFile` (host 127.0.0.1), sends
// `request` and reads until the server closes (at most 5 s).
TlsExchange tlsExchange(int port, const std::string& caFile, const std::string& request);

}  // namespace mcp::server::testing
