// Micro benchmarks of the SSE codec: encoding events and parsing a stream fed in
// network-sized chunks, with bytes/s and events/s counters, and a memchr line split of the
// same stream as the parser's in-run peer.
#include "protocol/sse_encoder.h"
#include "protocol/sse_parser.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace {

std::string jsonPayload(std::size_t bytes) {
    std::string data = R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":")";
    data.append(bytes > data.size() + 4 ? bytes - data.size() - 4 : 0, 'x');
    data += R"("}})";
    return data;
}

void BM_SseEncode(benchmark::State& state) {
    const std::string data = jsonPayload(static_cast<std::size_t>(state.range(0)));
    std::string out;
    std::size_t bytes = 0;
    for (auto _ : state) {
        out.clear();
        mcp::appendSseEvent(out, {.event = "message", .data = data});
        benchmark::DoNotOptimize(out.data());
        bytes += out.size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SseEncode)->Arg(100)->Arg(1000)->Arg(16384);

void BM_SseEncodeMultiline(benchmark::State& state) {
    std::string data;
    for (int i = 0; i < 20; ++i) data += "line of text " + std::to_string(i) + "\n";
    std::string out;
    std::size_t bytes = 0;
    for (auto _ : state) {
        out.clear();
        mcp::appendSseEvent(out, {.event = "message", .id = "42", .data = data});
        bytes += out.size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SseEncodeMultiline);

// A stream of 1000 events of `eventBytes` bytes each, as the server encodes them.
std::string eventStream(std::int64_t eventBytes) {
    const std::string data = jsonPayload(static_cast<std::size_t>(eventBytes));
    std::string stream;
    for (int i = 0; i < 1000; ++i) mcp::appendSseEvent(stream, {.event = "message", .data = data});
    return stream;
}

// The stream of range(0)-byte events, fed to the parser in chunks of range(1) bytes, with
// `feed` (copies into an SseEvent) or `feedViews` (views, single-line data not copied).
template <bool kViews>
void parseStream(benchmark::State& state) {
    const std::string stream = eventStream(state.range(0));
    const auto chunk = static_cast<std::size_t>(state.range(1));
    std::int64_t events = 0;
    auto onEvent = [&](const auto& e) {
        benchmark::DoNotOptimize(e.data.data());
        ++events;
    };
    for (auto _ : state) {
        mcp::SseParser parser;
        for (std::size_t at = 0; at < stream.size(); at += chunk) {
            std::string_view bytes = std::string_view(stream).substr(at, chunk);
            if constexpr (kViews) parser.feedViews(bytes, [&](const mcp::SseEventView& e) { onEvent(e); });
            else parser.feed(bytes, [&](const mcp::SseEvent& e) { onEvent(e); });
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(stream.size()) * state.iterations());
    state.SetItemsProcessed(events);
}

void BM_SseParse(benchmark::State& state) { parseStream<false>(state); }
BENCHMARK(BM_SseParse)->Args({100, 1460})->Args({100, 65536})->Args({1000, 1460})->Args({16384, 65536});

void BM_SseParseViews(benchmark::State& state) { parseStream<true>(state); }
BENCHMARK(BM_SseParseViews)->Args({100, 1460})->Args({100, 65536})->Args({1000, 1460})->Args({16384, 65536});

// The peer BM_SseParse is read against: the same stream in the same chunks, only split into
// lines with memchr('\n') (no parsing, no events). The parser cannot beat this; the ratio of
// the two bytes_per_second figures of one run is its distance to the limit.
void BM_SseParseMemchrPeer(benchmark::State& state) {
    const std::string stream = eventStream(state.range(0));
    const auto chunk = static_cast<std::size_t>(state.range(1));
    std::int64_t lines = 0;
    for (auto _ : state) {
        for (std::size_t at = 0; at < stream.size(); at += chunk) {
            const char* p = stream.data() + at;
            const char* end = p + std::min(chunk, stream.size() - at);
            while (const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
                ++lines;
                p = static_cast<const char*>(lf) + 1;
            }
        }
        benchmark::DoNotOptimize(lines);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(stream.size()) * state.iterations());
    state.SetItemsProcessed(lines);
}
BENCHMARK(BM_SseParseMemchrPeer)->Args({100, 1460})->Args({100, 65536})->Args({1000, 1460})->Args({16384, 65536});

}  // namespace
