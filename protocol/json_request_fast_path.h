// decodeRequestFast: the hot path of decodeJsonRpcBody for what a server receives most, one
// JSON-RPC request or notification in a small body. It parses with simdjson and builds POCO
// values only for `params` (what the handlers read), where the general path builds a POCO tree
// of the whole body and then validates it (~4 us for a `tools/call`, most of it POCO).
//
// It only ever accepts: anything else (a batch, a response, an invalid message, an id that is
// not an int64 or a string, a number beyond 64 bits, any text simdjson refuses, a body over
// kFastPathMaxBytes) returns nullopt and takes the general path, which alone decides errors.
// An accepted message equals the general path's, POCO value types included (json_rpc_fuzz
// checks this differentially on every input). simdjson validates UTF-8 strictly and refuses
// unescaped control characters, lone surrogate escapes and nesting beyond maxDepth.
#pragma once

#include "protocol/json_rpc.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace mcp {

inline constexpr std::size_t kFastPathMaxBytes = 4096;  // bounds each thread's parser memory

std::optional<JsonRpcMessage> decodeRequestFast(std::string_view text, std::size_t maxDepth);

}  // namespace mcp
