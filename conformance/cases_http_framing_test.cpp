// HF-* cases: the hostile-response table (each framing shape, the observation the decoder
// makes, the row that reports it), grading from the run-wide ledger, the two-phase runner
// (HF rows see the exchanges of every other case) and no vacuous passes.
#include "conformance/decoded_http_stream.h"
#include "conformance/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mcpc {
namespace {

using ::testing::HasSubstr;

const CaseDef& caseById(const std::string& id) {
    static const CaseCatalog catalog = CaseCatalog::full();
    for (const auto& c : catalog.cases())
        if (c.id == id) return c;
    throw std::runtime_error("no case " + id);
}

// A server that answers every request with the same raw bytes, then closes.
class RawServer : public HttpExchanger {
public:
    explicit RawServer(std::string raw, std::size_t piece = 7) : raw_(std::move(raw)), piece_(piece) {}
    OpenResult open(const HttpRequest& request, milliseconds) override {
        OpenResult result;
        auto stream = std::make_unique<DecodedHttpStream>(std::make_unique<StringSource>(raw_, piece_), request.method);
        bool timedOut = false;
        if (!stream->readHead(Clock::now(), result.error, timedOut)) {
            result.framing = stream->framing();
            return result;
        }
        result.stream = std::move(stream);
        return result;
    }

private:
    std::string raw_;
    std::size_t piece_;
};

// A case that reads one whole response from the target, standing in for any real case.
CaseDef probeCase(const std::string& method = "GET") {
    return {.id = "PROBE-1", .requirement = "reads one response", .run = [method](CaseContext& ctx) {
                auto request = ctx.newRequest(method);
                auto r = fetchAll(ctx.http, request, milliseconds(500));
                return r.ok ? Outcome::pass("a response", "read") : Outcome::fail("a response", r.error);
            }};
}

std::map<std::string, CaseResult> runWithFramingRows(HttpExchanger& http, const std::vector<CaseDef>& others, int jobs = 4) {
    auto target = *Target::fromUrl("http://127.0.0.1:1/mcp");
    target.timeout = milliseconds(300);
    TargetFacts facts;
    facts.supportedRevisions = kAllRevisions;
    Redactor redactor;
    FramingLedger ledger;
    RunOptions options;
    options.jobs = jobs;
    options.framing = &ledger;
    std::vector<const CaseDef*> cases;
    for (const char* id : {"HF-1", "HF-2", "HF-3", "HF-4", "HF-5", "HF-6"}) cases.push_back(&caseById(id));
    for (const auto& def : others) cases.push_back(&def);   // listed after the rows on purpose
    auto report = runCases(cases, target, facts, http, redactor, options);
    std::map<std::string, CaseResult> byId;
    for (auto& r : report.results) byId[r.def->id] = r;
    return byId;
}

struct HostileShape {
    const char* name;
    std::string raw;
    const char* row;          // the row that fails (or warns, for HF-5)
    mcp::http1::ObservationKind observation;   // what the decoder reports
};

using K = mcp::http1::ObservationKind;

class HostileResponse : public ::testing::TestWithParam<HostileShape> {};

TEST_P(HostileResponse, IsReportedUnderItsRowNamingTheExchange) {
    RawServer server(GetParam().raw);
    std::vector<CaseDef> probes;
    for (int i = 0; i < 3; ++i) probes.push_back(probeCase());
    auto results = runWithFramingRows(server, probes);
    const auto& row = results.at(GetParam().row);
    EXPECT_EQ(row.verdict, std::string(GetParam().row) == "HF-5" ? Verdict::Warning : Verdict::Fail)
        << row.outcome.actual << " / " << row.outcome.note;
    EXPECT_THAT(row.outcome.actual, HasSubstr(std::string(mcp::http1::describe(GetParam().observation))));
    EXPECT_THAT(row.outcome.actual, HasSubstr("PROBE-1 #1: GET /mcp -> "));
    EXPECT_THAT(row.outcome.actual, HasSubstr("in 3 response(s)")) << "reported once, counting every exchange";
    for (const auto& [id, result] : results)
        if (id != GetParam().row && id.rfind("HF-", 0) == 0) {
            EXPECT_NE(result.verdict, Verdict::Fail) << id << " also failed: " << result.outcome.actual;
            EXPECT_NE(result.verdict, Verdict::Warning) << id << " also warned: " << result.outcome.actual;
        }
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileResponse,
    ::testing::Values(
        HostileShape{"LengthWithChunked", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "HF-1",
                     K::ContentLengthWithTransferEncoding},
        HostileShape{"NegativeLength", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello", "HF-2", K::InvalidContentLength},
        HostileShape{"LengthList", "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello", "HF-2", K::RepeatedContentLength},
        HostileShape{"DifferingLengths", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!", "HF-2",
                     K::DifferingContentLengths},
        HostileShape{"ChunkedTwice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "HF-3",
                     K::ChunkedAppliedTwice},
        HostileShape{"LengthOn204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", "HF-3", K::FramingFieldWithoutBody},
        HostileShape{"BadChunkSize", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\nok\r\n0\r\n\r\n", "HF-4", K::InvalidChunkSize},
        HostileShape{"BadChunkExtension", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;\r\nok\r\n0\r\n\r\n", "HF-4",
                     K::InvalidChunkExtension},
        HostileShape{"ChunkOverrun", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nok\r\n0\r\n\r\n", "HF-4",
                     K::ChunkDataNotFollowedByCrlf},
        HostileShape{"MissingLastChunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n", "HF-5", K::UnterminatedChunkedBody},
        HostileShape{"ShortBody", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nok", "HF-5", K::BodyShorterThanContentLength},
        HostileShape{"BareLf", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", "HF-6", K::BareLf},
        HostileShape{"ObsFold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::ObsFold},
        HostileShape{"SpaceBeforeColon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", "HF-6", K::WhitespaceBeforeColon},
        HostileShape{"NoReasonSpace", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::MalformedStartLine}),
    [](const auto& info) { return info.param.name; });

TEST(FramingRows, AWellFramedServerPassesEveryApplicableRowAndSkipsTheRest) {
    RawServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    auto results = runWithFramingRows(server, {probeCase(), probeCase()});
    EXPECT_EQ(results.at("HF-2").verdict, Verdict::Pass) << results.at("HF-2").outcome.note;
    EXPECT_THAT(results.at("HF-2").outcome.actual, HasSubstr("none deviating among 2 responses with Content-Length (2 responses read in the run)"));
    EXPECT_EQ(results.at("HF-5").verdict, Verdict::Pass);
    EXPECT_EQ(results.at("HF-6").verdict, Verdict::Pass);
    for (const char* id : {"HF-1", "HF-3", "HF-4"}) {
        EXPECT_EQ(results.at(id).verdict, Verdict::Skipped) << id << ": no Transfer-Encoding was ever sent";
        EXPECT_THAT(results.at(id).outcome.note, HasSubstr("nothing to judge"));
    }
}

TEST(FramingRows, AChunkedServerIsJudgedByTheChunkedRows) {
    RawServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;a=b\r\nok\r\n0\r\n\r\n", 1);
    auto results = runWithFramingRows(server, {probeCase()});
    for (const char* id : {"HF-1", "HF-3", "HF-4", "HF-5", "HF-6"})
        EXPECT_EQ(results.at(id).verdict, Verdict::Pass) << id << ": " << results.at(id).outcome.actual << results.at(id).outcome.note;
    EXPECT_EQ(results.at("HF-2").verdict, Verdict::Skipped);
}

TEST(FramingRows, ARunWithoutResponsesPassesNothing) {
    RawServer server("");
    auto results = runWithFramingRows(server, {probeCase()});
    for (const char* id : {"HF-1", "HF-2", "HF-3", "HF-4", "HF-5", "HF-6"}) EXPECT_EQ(results.at(id).verdict, Verdict::Skipped) << id;
}

TEST(FramingRows, TolerableCodingsAreNotedButDoNotFail) {
    RawServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b");
    auto results = runWithFramingRows(server, {probeCase()});
    const auto& row = results.at("HF-3");
    EXPECT_EQ(row.verdict, Verdict::Pass);
    EXPECT_THAT(row.outcome.note, HasSubstr("a transfer coding other than chunked"));
}

TEST(FramingRows, SeeTheExchangesOfEveryOtherCaseWhateverTheOrderAndJobs) {
    RawServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    std::vector<CaseDef> probes;
    for (int i = 0; i < 20; ++i) probes.push_back(probeCase());
    for (int jobs : {1, 8}) {
        auto results = runWithFramingRows(server, probes, jobs);
        EXPECT_THAT(results.at("HF-1").outcome.actual, HasSubstr("in 20 response(s)")) << jobs;
    }
}

TEST(FramingRows, HeadAnswersHaveNoBodyToJudge) {
    RawServer server("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
    auto results = runWithFramingRows(server, {probeCase("HEAD")});
    EXPECT_EQ(results.at("HF-5").verdict, Verdict::Skipped) << results.at("HF-5").outcome.actual;
    EXPECT_EQ(results.at("HF-2").verdict, Verdict::Pass);
}

}  // namespace
}  // namespace mcpc
