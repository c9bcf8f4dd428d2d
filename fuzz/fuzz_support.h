// Helpers shared by the fuzz targets: a property check that aborts (so libFuzzer and the
// replay driver both record the input as a crash), and a reader that takes fuzz-chosen
// choices off the front of an input.
//
//   FuzzInput in(data, size);
//   auto mode = in.takeByte();            // 0 when the input is exhausted
//   std::string_view rest = in.rest();
//   FUZZ_CHECK(parsed == reparsed, "round trip changed the message");
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Aborts with the location and a reason when a fuzzed property does not hold.
#define FUZZ_CHECK(condition, reason)                                                              \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: property violated: %s (%s)\n", __FILE__, __LINE__, reason, \
                         #condition);                                                              \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace mcp::fuzz {

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size)
        : bytes_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const { return bytes_.empty(); }
    std::uint8_t takeByte() {
        if (bytes_.empty()) return 0;
        auto b = static_cast<std::uint8_t>(bytes_.front());
        bytes_.remove_prefix(1);
        return b;
    }
    // The bytes up to (not including) `separator`, consumed with it; everything when absent.
    std::string_view takeUntil(std::string_view separator) {
        auto at = bytes_.find(separator);
        auto piece = bytes_.substr(0, at);
        bytes_.remove_prefix(at == std::string_view::npos ? bytes_.size() : at + separator.size());
        return piece;
    }
    std::string_view rest() const { return bytes_; }

private:
    std::string_view bytes_;
};

// Deterministic chunk sizes in [1, maxChunk] from a seed, for cutting a stream into feeds.
class ChunkSizes {
public:
    ChunkSizes(std::uint32_t seed, std::size_t maxChunk) : state_(seed * 2654435761u + 1), max_(maxChunk ? maxChunk : 1) {}
    std::size_t next() {
        state_ = state_ * 1664525u + 1013904223u;
        return 1 + (state_ >> 8) % max_;
    }

private:
    std::uint32_t state_;
    std::size_t max_;
};

}  // namespace mcp::fuzz
