// parseJsonText: the one way this project parses JSON that came from a peer (a request body
// in the server, a reply or event in the suite), so both sides read numbers and text by the
// same rules. It is POCO JSON with its gaps closed:
//   - the text must be UTF-8 (no overlongs, no surrogates; JR-20), else an error;
//   - integer literals beyond 64 bits become (inexact) doubles, where POCO wraps 2^64 to 0;
//   - negative integers below -2^53 keep their exact value, where POCO 1.11's NumberParser
//     rounds them through a double (-12345678901234567 read as -12345678901234568);
//   - a top-level scalar parses (POCO refuses one), nesting is bounded, nothing throws;
//   - optionally, the number of values is bounded before POCO allocates any (a hostile
//     `[0,0,0,...]` of a few MiB would otherwise cost hundreds of MiB of Var objects).
//
//   auto parsed = mcp::parseJsonText(R"({"id":-12345678901234567})");
//   if (!parsed.value) reject(parsed.error);   // "invalid JSON: ...", "body is not valid UTF-8"
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

struct ParsedJson {
    std::optional<Poco::Dynamic::Var> value;   // empty on error
    std::string error;                         // short, never echoes large input
};

// maxValues = 0: no bound on the number of values.
ParsedJson parseJsonText(std::string_view text, std::size_t maxDepth = 64, std::size_t maxValues = 0);

// Values in a JSON text, counted cheaply from its separators outside strings (an upper bound
// for valid JSON: every value but the first follows a ',', ':', '[' or '{').
std::size_t jsonValueCount(std::string_view text);

// True when two parsed values are the same JSON with the same POCO types (Int64, UInt64 and
// double kept apart, -0.0 and 0.0 too): how two decoders of one text are compared.
bool identicalJsonValues(const Poco::Dynamic::Var& a, const Poco::Dynamic::Var& b);

}  // namespace mcp
