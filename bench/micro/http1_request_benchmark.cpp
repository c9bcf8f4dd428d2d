// The CPU cost of reading one request whose 1 MiB body arrives one byte per read, as a
// server loop drives each parser: the incremental http1::RequestParser (feed what arrived,
// keep nothing but the body) against the parser it replaced (append to a buffer and parse
// it again from byte 0 after every read). Both run in the same binary and the same run, so
// their ratio is the figure to read; see bench/README.md.
//
//   mcp_micro_benchmarks --benchmark_filter=RequestBodyByteByByte
#include "bench/micro/legacy_request_parser.h"
#include "protocol/http1/message_parser.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

constexpr std::size_t kChunk = 4096;   // chunk size of the chunked bodies

// A POST whose body is `bytes` long, framed by Content-Length or in kChunk-byte chunks.
std::string request(std::size_t bytes, bool chunked) {
    std::string out = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    if (!chunked) return out + "Content-Length: " + std::to_string(bytes) + "\r\n\r\n" + std::string(bytes, 'x');
    out += "Transfer-Encoding: chunked\r\n\r\n";
    char size[32];
    for (std::size_t left = bytes; left > 0;) {
        std::size_t n = std::min(left, kChunk);
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        out += size;
        out.append(n, 'x');
        out += "\r\n";
        left -= n;
    }
    return out + "0\r\n\r\n";
}

mcp::http1::Limits limits() {
    mcp::http1::Limits l;
    l.maxBodyBytes = 8 * 1024 * 1024;
    return l;
}

// Incremental: each byte is fed once; the parser keeps only the body.
void BM_RequestBodyByteByByte_Incremental(benchmark::State& state) {
    const std::string raw = request(static_cast<std::size_t>(state.range(0)), state.range(1) != 0);
    for (auto _ : state) {
        mcp::http1::RequestParser parser(limits());
        std::string body;
        auto sink = [&](std::string_view bytes) { body.append(bytes); };
        bool done = false;
        for (std::size_t i = 0; i < raw.size() && !done; ++i) {
            std::string_view in(raw.data() + i, 1);
            while (!in.empty() || parser.headComplete()) {
                auto step = parser.feed(in, sink);
                in.remove_prefix(step.consumed);
                if (step.event == mcp::http1::ParseEvent::MessageComplete) done = true;
                if (step.event != mcp::http1::ParseEvent::HeadComplete) break;
            }
        }
        if (!done || body.size() != static_cast<std::size_t>(state.range(0))) state.SkipWithError("incomplete parse");
        benchmark::DoNotOptimize(body.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}

// Restart from byte 0: the buffer grows by one byte and is parsed again after each read.
void BM_RequestBodyByteByByte_Restarting(benchmark::State& state) {
    const std::string raw = request(static_cast<std::size_t>(state.range(0)), state.range(1) != 0);
    mcp::bench::legacy::HttpLimits legacyLimits;
    legacyLimits.maxBodyBytes = 8 * 1024 * 1024;
    for (auto _ : state) {
        std::string buffer;
        bool done = false;
        for (std::size_t i = 0; i < raw.size() && !done; ++i) {
            buffer.push_back(raw[i]);
            auto parsed = mcp::bench::legacy::parseHttpRequest(buffer, legacyLimits);
            if (parsed.status == mcp::bench::legacy::ParseStatus::Complete) {
                done = parsed.request.body.size() == static_cast<std::size_t>(state.range(0));
                benchmark::DoNotOptimize(parsed.request.body.data());
                if (!done) break;
            }
        }
        if (!done) state.SkipWithError("incomplete parse");
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}

// Args: body bytes, chunked (0/1). The restarting parser is quadratic on chunked bodies, so
// its chunked runs stop at 256 KiB; one iteration each is enough at these sizes.
BENCHMARK(BM_RequestBodyByteByByte_Incremental)
    ->Args({1 << 20, 0})->Args({1 << 20, 1})->Args({64 << 10, 1})->Args({256 << 10, 1})
    ->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_RequestBodyByteByByte_Restarting)
    ->Args({1 << 20, 0})->Args({64 << 10, 1})->Args({256 << 10, 1})
    ->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
