// SocketHttpExchanger: the real HttpExchanger. It writes HTTP/1.1 requests byte for byte
// on a Poco StreamSocket (SecureStreamSocket for https) so cases control the exact header
// lines (duplicates, odd spacing, obs-fold), and reads the response with a deadline on every
// read, decoded by the protocol library's ResponseDecoder (decoded_http_stream.h), which
// bounds the head size, chunk sizes and line lengths and observes framing deviations.
//
//   SocketHttpExchanger http({.scheme = "http", .host = "127.0.0.1", .port = 8787});
//   auto result = fetchAll(http, {.method = "GET", .target = "/sse"}, 2s);
//
// It only ever connects to the one origin it was built with (the user's URL).
#pragma once

#include "conformance/http_exchanger.h"

#include <string>

namespace mcp::conformance {

struct Origin {
    std::string scheme = "http";   // "http" or "https"
    std::string host = "127.0.0.1";
    unsigned short port = 80;
    std::string hostHeader() const;   // "host:port" (IPv6 literal bracketed)
    std::string toString() const;     // "http://host:port"
};

struct TlsOptions {
    std::string caFile;     // --cacert: PEM bundle to verify the server with
    bool insecure = false;  // --insecure: skip certificate verification
};

class SocketHttpExchanger : public HttpExchanger {
public:
    explicit SocketHttpExchanger(Origin origin, TlsOptions tls = {});
    OpenResult open(const OutgoingRequest& request, milliseconds timeout) override;

    // The bytes that would be written for a request (used by traces and tests).
    std::string serialize(const OutgoingRequest& request) const;

private:
    Origin origin_;
    TlsOptions tls_;
};

}  // namespace mcp::conformance
