// Micro benchmarks of bearer handling: parsing Authorization values (valid and refused),
// the constant-time comparison, and the log fingerprint.
#include "protocol/bearer.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

void parse(benchmark::State& state, const std::string& value) {
    for (auto _ : state) {
        auto credentials = mcp::parseBearerCredentials(value);
        benchmark::DoNotOptimize(credentials.token.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(value.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}

void BM_BearerParseShort(benchmark::State& state) { parse(state, "Bearer abc.DEF~=="); }
BENCHMARK(BM_BearerParseShort);

void BM_BearerParseJwtSized(benchmark::State& state) {
    parse(state, "Bearer " + std::string(800, 'a') + "." + std::string(200, 'b') + "." + std::string(342, 'c'));
}
BENCHMARK(BM_BearerParseJwtSized);

void BM_BearerParseRefused(benchmark::State& state) { parse(state, "Bearer abc def"); }
BENCHMARK(BM_BearerParseRefused);

void BM_BearerConstantTimeEquals(benchmark::State& state) {
    const std::string a(static_cast<std::size_t>(state.range(0)), 'a');
    std::string b = a;
    b.back() = 'b';
    for (auto _ : state) benchmark::DoNotOptimize(mcp::constantTimeEquals(a, b));
    state.SetBytesProcessed(state.range(0) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BearerConstantTimeEquals)->Arg(32)->Arg(1024);

void BM_BearerFingerprint(benchmark::State& state) {
    const std::string token(64, 'k');
    for (auto _ : state) {
        auto fingerprint = mcp::tokenFingerprint(token);
        benchmark::DoNotOptimize(fingerprint.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(token.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BearerFingerprint);

}  // namespace
