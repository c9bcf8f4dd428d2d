// HF-* cases: the hostile-response table (each framing shape, the observation the decoder
// makes, the row that reports it), grading from the run-wide ledger, the two-phase runner
// (HF rows see the exchanges of every other case) and no vacuous passes.
#include "conformance/decoded_http_stream.h"
#include "conformance/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace mcp::conformance {
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
    OpenResult open(const OutgoingRequest& request, milliseconds) override {
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

using K = mcp::http1::ObservationKind;

// One framing shape a hostile server can send, the observation the decoder makes of it, and
// the row that reports it: Fail for a MUST row, Warning for HF-5 (INFO: a server may abort a
// response), Pass with the observation in the note for what HF-3 only notes (a coding other
// than chunked, or chunked not last: allowed when the response is close-delimited, §6.1).
struct HostileShape {
    const char* name;
    std::string raw;
    const char* row;
    K observation;
    Verdict verdict = Verdict::Fail;
};

std::vector<HostileShape> hostileShapes() {
    const std::string ok = "HTTP/1.1 200 OK\r\n";
    const std::string chunked = ok + "Transfer-Encoding: chunked\r\n\r\n";
    return {
        // RFC 9112 §6.2: Content-Length with Transfer-Encoding, in either order.
        {"LengthWithChunked", ok + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "HF-1",
         K::ContentLengthWithTransferEncoding},
        {"ChunkedWithLength", ok + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n", "HF-1",
         K::ContentLengthWithTransferEncoding},
        // RFC 9110 §8.6: one decimal value (a negative one must not wrap to 2^64).
        {"NegativeLength", ok + "Content-Length: -5\r\n\r\nhello", "HF-2", K::InvalidContentLength},
        {"SignedLength", ok + "Content-Length: +5\r\n\r\nhello", "HF-2", K::InvalidContentLength},
        {"HexLength", ok + "Content-Length: 0x5\r\n\r\nhello", "HF-2", K::InvalidContentLength},
        {"EmptyLength", ok + "Content-Length: \r\n\r\nhello", "HF-2", K::InvalidContentLength},
        {"OverflowingLength", ok + "Content-Length: 18446744073709551621\r\n\r\nhello", "HF-2", K::InvalidContentLength},
        {"LengthList", ok + "Content-Length: 5, 5\r\n\r\nhello", "HF-2", K::RepeatedContentLength},
        {"DifferingLengths", ok + "Content-Length: 5\r\nContent-Length: 7\r\n\r\nhello!!", "HF-2", K::DifferingContentLengths},
        {"DifferingLengthList", ok + "Content-Length: 5, 7\r\n\r\nhello!!", "HF-2", K::DifferingContentLengths},
        // RFC 9112 §6.1, RFC 9110 §8.6: codings, and no framing fields on 1xx or 204.
        {"ChunkedTwice", ok + "Transfer-Encoding: chunked, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "HF-3", K::ChunkedAppliedTwice},
        {"LengthOn204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", "HF-3", K::FramingFieldWithoutBody},
        {"ChunkedOn204", "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", "HF-3", K::FramingFieldWithoutBody},
        {"LengthOnInterim", "HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\n" + ok + "Content-Length: 2\r\n\r\nok", "HF-3",
         K::FramingFieldWithoutBody},
        {"UnknownCoding", ok + "Transfer-Encoding: gzip\r\n\r\n\x1f\x8b", "HF-3", K::UnknownTransferCoding, Verdict::Pass},
        {"ChunkedAsASubstring", ok + "Transfer-Encoding: xchunked\r\n\r\nok", "HF-3", K::UnknownTransferCoding, Verdict::Pass},
        {"ChunkedNotLast", ok + "Transfer-Encoding: chunked, gzip\r\n\r\nok", "HF-3", K::ChunkedNotFinal, Verdict::Pass},
        // RFC 9112 §7.1: the chunked coding.
        {"BadChunkSize", chunked + "-2\r\nok\r\n0\r\n\r\n", "HF-4", K::InvalidChunkSize},
        {"OverflowingChunkSize", chunked + "10000000000000002\r\nok\r\n0\r\n\r\n", "HF-4", K::InvalidChunkSize},
        {"BadChunkExtension", chunked + "2;\r\nok\r\n0\r\n\r\n", "HF-4", K::InvalidChunkExtension},
        {"ChunkOverrun", chunked + "1\r\nok\r\n0\r\n\r\n", "HF-4", K::ChunkDataNotFollowedByCrlf},
        // RFC 9112 §6.3, §8: incomplete messages (the server closed early).
        {"MissingLastChunk", chunked + "2\r\nok\r\n", "HF-5", K::UnterminatedChunkedBody, Verdict::Warning},
        {"MissingFinalCrlf", chunked + "2\r\nok\r\n0\r\n", "HF-5", K::UnterminatedChunkedBody, Verdict::Warning},
        {"ShortBody", ok + "Content-Length: 9\r\n\r\nok", "HF-5", K::BodyShorterThanContentLength, Verdict::Warning},
        // RFC 9112 §2.2, §4, §5: the head grammar.
        {"BareLf", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", "HF-6", K::BareLf},
        {"BareCr", ok + "X: a\rb\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::BareCr},
        {"ObsFold", ok + "X: a\r\n b\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::ObsFold},
        {"SpaceBeforeColon", ok + "Content-Length : 2\r\n\r\nok", "HF-6", K::WhitespaceBeforeColon},
        {"FieldLineWithoutColon", ok + "NoColonHere\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::MalformedFieldLine},
        {"ControlCharacterInValue", ok + "X: a\x01b\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::InvalidFieldValue},
        {"NoReasonSpace", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", "HF-6", K::MalformedStartLine},
    };
}

class HostileResponse : public ::testing::TestWithParam<HostileShape> {};

TEST_P(HostileResponse, IsReportedUnderItsRowNamingTheExchange) {
    const auto& shape = GetParam();
    RawServer server(shape.raw);
    std::vector<CaseDef> probes;
    for (int i = 0; i < 3; ++i) probes.push_back(probeCase());
    auto results = runWithFramingRows(server, probes);
    const auto& row = results.at(shape.row);
    EXPECT_EQ(row.verdict, shape.verdict) << row.outcome.actual << " / " << row.outcome.note;
    // A deviation is the row's finding; what a row only notes goes in the note of its pass.
    const auto& report = shape.verdict == Verdict::Pass ? row.outcome.note : row.outcome.actual;
    EXPECT_THAT(report, HasSubstr(std::string(mcp::http1::describe(shape.observation))));
    EXPECT_THAT(report, HasSubstr("PROBE-1 #1: GET /mcp -> "));
    EXPECT_THAT(report, HasSubstr("in 3 response(s)")) << "reported once, counting every exchange";
    for (const auto& [id, result] : results)
        if (id != shape.row && id.rfind("HF-", 0) == 0) {
            EXPECT_NE(result.verdict, Verdict::Fail) << id << " also failed: " << result.outcome.actual;
            EXPECT_NE(result.verdict, Verdict::Warning) << id << " also warned: " << result.outcome.actual;
        }
}

INSTANTIATE_TEST_SUITE_P(Table, HostileResponse, ::testing::ValuesIn(hostileShapes()),
                         [](const auto& test) { return std::string(test.param.name); });

// Every observation the decoder can make of a response has a shape above, so each one is
// shown to reach the row that reports it. Only request parsing makes the other two.
TEST(HostileResponseTable, CoversEveryObservationOfAResponse) {
    std::set<K> covered;
    for (const auto& shape : hostileShapes()) covered.insert(shape.observation);
    int kinds = 0;
    for (int k = 0; mcp::http1::name(static_cast<K>(k)) != "unknown"; ++k, ++kinds) {
        auto kind = static_cast<K>(k);
        if (kind == K::InvalidHost || kind == K::TransferEncodingInHttp10) continue;
        EXPECT_TRUE(covered.count(kind)) << mcp::http1::name(kind) << " has no shape in the hostile-response table";
    }
    EXPECT_EQ(kinds, static_cast<int>(K::InvalidHost) + 1);
}

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
}  // namespace mcp::conformance
