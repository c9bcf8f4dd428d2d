// The reference server's request parser before protocol/http1 (reference-server/http_parser.h
// at commit aad463f), kept only as the baseline that http1_request_benchmark.cpp measures the
// incremental http1::RequestParser against: it parses the whole buffer from byte 0 on every
// call and rebuilds a chunked body from its first chunk each time. Nothing else uses it.
#pragma once

#include "protocol/http1/header_fields.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace mcp::bench::legacy {

struct HttpLimits {
    std::size_t maxHeadBytes = 32 * 1024;
    std::size_t maxTargetBytes = 16 * 1024;
    std::size_t maxHeaderFields = 100;
    std::size_t maxBodyBytes = 4 * 1024 * 1024;
};

struct ParsedRequest {
    std::string method, target, path, query;
    int versionMinor = 1;
    http1::HeaderFields headers;
    std::string body;
};

enum class ParseStatus { NeedMore, Complete, Error };

struct ParseResult {
    ParseStatus status = ParseStatus::NeedMore;
    std::size_t consumed = 0;
    int errorStatus = 0;
    std::string errorReason;
    ParsedRequest request;
};

ParseResult parseHttpRequest(std::string_view buffer, const HttpLimits& limits);

}  // namespace mcp::bench::legacy
