// Tests that mcp-bench cannot be fooled: a fake Streamable HTTP server answers one call of a
// run wrongly (wrong sum, unknown id, no reply, a reply that never comes) and the run must
// count it as an error; a server that answers every call rightly gives a run without errors.
#include "bench/bench_runner.h"
#include "bench/tool_call_plan.h"
#include "protocol/json_text.h"

#include <Poco/Event.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

namespace mcp::bench {
namespace {

enum class Fault { None, WrongSum, UnknownId, NoReply, ReplyNeverComes, IsError, InitializeNeverAnswered };

constexpr std::int64_t kFaultyCall = 5;  // the one call the fake server gets wrong

class FakeHandler : public Poco::Net::HTTPRequestHandler {
public:
    FakeHandler(Fault fault, Poco::Event& release) : fault_(fault), release_(release) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        auto parsed = mcp::parseJsonText(body);
        if (!parsed.value || parsed.value->type() != typeid(Poco::JSON::Object::Ptr)) return answer(response, 400, "");
        const auto message = parsed.value->extract<Poco::JSON::Object::Ptr>();
        const std::string method = message->optValue<std::string>("method", "");
        if (!message->has("id")) return answer(response, 202, "");
        const std::int64_t id = message->getValue<std::int64_t>("id");
        if (method == "initialize") {
            if (fault_ == Fault::InitializeNeverAnswered) {
                release_.tryWait(10'000);
                return answer(response, 503, "");
            }
            response.set("Mcp-Session-Id", "fake-session");
            return answer(response, 200, R"({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"fake","version":"1"}}})");
        }
        const auto arguments = message->getObject("params")->getObject("arguments");
        std::int64_t sum = arguments->getValue<std::int64_t>("a") + arguments->getValue<std::int64_t>("b");
        std::int64_t replyId = id;
        std::string isError;
        if (id == kFaultyCall) {
            switch (fault_) {
            case Fault::None: break;
            case Fault::WrongSum: ++sum; break;
            case Fault::UnknownId: replyId = 999; break;
            case Fault::NoReply: return answer(response, 202, "");
            case Fault::ReplyNeverComes: release_.tryWait(10'000); return answer(response, 503, "");
            case Fault::IsError: isError = R"(,"isError":true)"; break;
            case Fault::InitializeNeverAnswered: break;
            }
        }
        answer(response, 200, R"({"jsonrpc":"2.0","id":)" + std::to_string(replyId) +
                                  R"(,"result":{"content":[{"type":"text","text":")" + std::to_string(sum) + "\"}]" + isError + "}}");
    }

private:
    static void answer(Poco::Net::HTTPServerResponse& response, int status, const std::string& body) {
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body;
    }

    Fault fault_;
    Poco::Event& release_;
};

class FakeHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    FakeHandlerFactory(Fault fault, Poco::Event& release) : fault_(fault), release_(release) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new FakeHandler(fault_, release_);
    }

private:
    Fault fault_;
    Poco::Event& release_;
};

// A fake Streamable HTTP server on 127.0.0.1, port 0.
class FakeServer {
public:
    explicit FakeServer(Fault fault)
        : server_(new FakeHandlerFactory(fault, release_), Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                  new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~FakeServer() {
        release_.set();
        server_.stopAll(true);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/mcp"; }

private:
    Poco::Event release_;
    Poco::Net::HTTPServer server_;
};

BenchResult runAgainst(Fault fault, std::vector<std::string> extra = {}) {
    FakeServer server(fault);
    std::vector<std::string> args = {"--url", server.url(), "--sessions", "1", "--max-calls", "10",
                                     "--duration", "20", "--connect-timeout", "1", "--no-progress", "--client-threads", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto parsed = parseBenchOptions(args);
    EXPECT_EQ(parsed.error, "");
    auto run = runBench(parsed.options);
    EXPECT_TRUE(run.result) << run.error;
    return run.result.value_or(BenchResult{});
}

TEST(BenchVerification, RightAnswersGiveARunWithoutErrors) {
    const BenchResult result = runAgainst(Fault::None);
    EXPECT_EQ(result.stats.callsOk, 10u);
    EXPECT_EQ(result.errors(), 0u);
    EXPECT_EQ(formatVerdict(result).find("FAILED"), std::string::npos);
}

TEST(BenchVerification, AWrongSumIsAnError) {
    const BenchResult result = runAgainst(Fault::WrongSum);
    EXPECT_EQ(result.stats.callsOk, 9u);
    EXPECT_EQ(result.errors(), 1u);
    EXPECT_EQ(result.stats.failureReasons.count("wrong sum"), 1u);
    EXPECT_NE(formatVerdict(result).find("FAILED with 1 errors"), std::string::npos);
}

TEST(BenchVerification, AReplyToAnUnknownIdIsAnError) {
    const BenchResult result = runAgainst(Fault::UnknownId);
    EXPECT_EQ(result.stats.unknownReplies, 1u);
    // ... and the call it should have answered got no reply in its response.
    EXPECT_EQ(result.stats.callErrors, 1u);
    EXPECT_EQ(result.errors(), 2u);
}

TEST(BenchVerification, AResponseWithoutTheReplyIsAnError) {
    const BenchResult result = runAgainst(Fault::NoReply);
    EXPECT_EQ(result.stats.callErrors, 1u);
    EXPECT_EQ(result.stats.failureReasons.count("response ended without the call's reply"), 1u);
}

TEST(BenchVerification, AReplyThatNeverComesIsAnError) {
    // The faulty call's response never arrives: with one call in flight the session waits for
    // it until --duration ends, then at most --connect-timeout more, and counts it.
    const BenchResult result = runAgainst(Fault::ReplyNeverComes, {"--duration", "1"});
    EXPECT_EQ(result.stats.callsOk, 4u);
    EXPECT_EQ(result.errors(), 1u);
    EXPECT_EQ(result.stats.failureReasons.count("reply never came (still outstanding at the end)"), 1u);
}

TEST(BenchVerification, AnIsErrorResultIsAnError) {
    EXPECT_EQ(runAgainst(Fault::IsError).errors(), 1u);
}

TEST(BenchVerification, ASessionThatNeverOpenedIsAnError) {
    // The run ends (--duration) while the handshake still waits, well before --connect-timeout.
    const BenchResult result = runAgainst(Fault::InitializeNeverAnswered, {"--duration", "0.5", "--connect-timeout", "5"});
    EXPECT_EQ(result.stats.sessionsOpened, 0u);
    EXPECT_EQ(result.stats.sessionsFailed, 1u);
    EXPECT_EQ(result.stats.failureReasons.count("not open when the run ended"), 1u);
    EXPECT_EQ(result.errors(), 1u);
}

TEST(BenchVerification, AnyToolIsCheckedAgainstExpect) {
    // The fake server adds whatever it is given, so get-sum {2, 3} must say 5.
    const std::vector<std::string> call = {"--tool", "get-sum", "--arguments", R"({"a":2,"b":3})"};
    auto with = [&](std::string expect) {
        auto args = call;
        args.insert(args.end(), {"--expect", std::move(expect)});
        return runAgainst(Fault::None, args);
    };
    EXPECT_EQ(with(R"({"content":[{"type":"text","text":"5"}]})").errors(), 0u);
    const BenchResult wrong = with(R"({"content":[{"text":"6"}]})");
    EXPECT_EQ(wrong.errors(), 10u);
    EXPECT_EQ(wrong.stats.failureReasons.count("result does not match --expect"), 1u);
}

}  // namespace
}  // namespace mcp::bench
