// Micro benchmarks of the JSON-RPC model: decoding untrusted bodies (single and batch)
// and serializing messages, with bytes/s and messages/s counters.
#include "protocol/json_rpc.h"
#include "protocol/json_text.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

const std::string kToolsCall =
    R"({"jsonrpc":"2.0","id":12345,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})";
const std::string kNotification =
    R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"bench","data":{"seq":1,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}})";

void decode(benchmark::State& state, const std::string& body, std::int64_t messagesPerBody) {
    for (auto _ : state) {
        auto decoded = mcp::decodeJsonRpcBody(body);
        benchmark::DoNotOptimize(decoded.items.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(body.size()) * state.iterations());
    state.SetItemsProcessed(messagesPerBody * state.iterations());
}

void BM_JsonRpcDecodeRequest(benchmark::State& state) { decode(state, kToolsCall, 1); }
BENCHMARK(BM_JsonRpcDecodeRequest);

// The same body through the general path alone (POCO parse of the whole body, then
// validation): what decodeJsonRpcBody did for every body before the fast path, and still
// does for every body the fast path leaves to it. The in-run baseline of the line above.
void BM_JsonRpcDecodeRequestGeneralPath(benchmark::State& state) {
    for (auto _ : state) {
        auto parsed = mcp::parseJsonText(kToolsCall);
        auto item = mcp::validateJsonRpcValue(*parsed.value);
        benchmark::DoNotOptimize(item.message);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(kToolsCall.size()) * state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonRpcDecodeRequestGeneralPath);

void BM_JsonRpcDecodeNotification(benchmark::State& state) { decode(state, kNotification, 1); }
BENCHMARK(BM_JsonRpcDecodeNotification);

void BM_JsonRpcDecodeBatch(benchmark::State& state) {
    std::string batch = "[";
    for (int i = 0; i < state.range(0); ++i) batch += (i ? "," : "") + kToolsCall;
    batch += "]";
    decode(state, batch, state.range(0));
}
BENCHMARK(BM_JsonRpcDecodeBatch)->Arg(10)->Arg(100);

void BM_JsonRpcDecodeParseError(benchmark::State& state) { decode(state, R"({"jsonrpc":"2.0","id":1,"method")", 1); }
BENCHMARK(BM_JsonRpcDecodeParseError);

void BM_JsonRpcSerializeResult(benchmark::State& state) {
    Poco::JSON::Object::Ptr text = new Poco::JSON::Object;
    text->set("type", "text");
    text->set("text", "3");
    Poco::JSON::Array::Ptr content = new Poco::JSON::Array;
    content->add(text);
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("content", content);
    const auto message = mcp::makeResult(mcp::JsonRpcId(std::int64_t{12345}), result);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string json = mcp::serialize(message);
        bytes += json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonRpcSerializeResult);

void BM_JsonRpcBuildAndSerializeNotification(benchmark::State& state) {
    const std::string pad(static_cast<std::size_t>(state.range(0)), 'x');
    std::size_t bytes = 0;
    std::int64_t seq = 0;
    for (auto _ : state) {
        Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
        data->set("seq", seq++);
        data->set("pad", pad);
        Poco::JSON::Object::Ptr params = new Poco::JSON::Object;
        params->set("level", "info");
        params->set("logger", "bench");
        params->set("data", data);
        const std::string json = mcp::serialize(mcp::makeNotification("notifications/message", params));
        bytes += json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonRpcBuildAndSerializeNotification)->Arg(0)->Arg(1000);

}  // namespace
