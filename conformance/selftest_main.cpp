// conformance_selftest: proves the suite against the reference server. Starts
// `mcp-reference-server --port 0 [--fault NAME]`, runs `mcp-conformance` against its Streamable
// HTTP and legacy SSE URLs with --json, and checks the outcome:
//   without --fault: both runs exit 0 with no failed case (and prints the run times);
//   with --fault NAME --case ID: at least one run exits 1 with case ID (or ID.x) failed.
//
//   conformance_selftest --server PATH --suite PATH [--fault NAME --case ID] [--fixtures NAME] [--work DIR]
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Args {
    std::string server, suite, fault, caseId, work = Poco::Path::temp();
    std::string fixtures;   // --fixtures NAME for the server (with a 2 s client-request timeout, for LC-14)
};

struct RunResult {
    int exitCode = -1;
    double seconds = 0;
    std::vector<std::string> failed;
    bool reportRead = false;
};

RunResult runSuite(const Args& args, const std::string& url, const std::string& tag) {
    RunResult out;
    std::string report = args.work + "/selftest-" + (args.fault.empty() ? "reference" : args.fault) +
                         (args.fixtures.empty() ? "" : "-" + args.fixtures) + "-" + tag + ".json";
    std::vector<std::string> suiteArgs = {"--url", url, "--token", "selftest-token-0123456789", "--json", report};
    if (!args.fault.empty()) {
        // Faulty servers make many waits run to the deadline: shorten it and widen the pool.
        suiteArgs.insert(suiteArgs.end(), {"--timeout", "1", "--jobs", "8"});
    }
    auto start = std::chrono::steady_clock::now();
    Poco::Pipe outPipe;
    auto handle = Poco::Process::launch(args.suite, suiteArgs, nullptr, &outPipe, &outPipe);
    Poco::PipeInputStream output(outPipe);
    std::string console((std::istreambuf_iterator<char>(output)), std::istreambuf_iterator<char>());
    out.exitCode = handle.wait();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto lastLine = console.substr(console.rfind('\n', console.size() - 2) + 1);
    std::cout << "[" << tag << "] exit " << out.exitCode << " in " << out.seconds << " s: " << lastLine;
    try {
        std::ifstream in(report);
        Poco::JSON::Parser parser;
        auto root = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
        auto cases = root->getArray("cases");
        for (std::size_t i = 0; i < cases->size(); ++i) {
            auto c = cases->getObject(static_cast<unsigned>(i));
            if (c->getValue<std::string>("verdict") == "fail" || c->getValue<std::string>("verdict") == "harness-error")
                out.failed.push_back(c->getValue<std::string>("id"));
        }
        out.reportRead = true;
    } catch (const std::exception& e) {
        std::cout << "[" << tag << "] cannot read " << report << ": " << e.what() << "\n" << console;
    }
    if (args.fault.empty() && out.exitCode != 0) std::cout << console;
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--server") args.server = v;
        else if (k == "--suite") args.suite = v;
        else if (k == "--fault") args.fault = v;
        else if (k == "--case") args.caseId = v;
        else if (k == "--work") args.work = v;
        else if (k == "--fixtures") args.fixtures = v;
    }
    if (args.server.empty() || args.suite.empty() || args.fault.empty() != args.caseId.empty()) {
        std::cerr << "usage: conformance_selftest --server PATH --suite PATH [--fault NAME --case ID] [--fixtures NAME] [--work DIR]\n";
        return 2;
    }
    std::vector<std::string> serverArgs = {"--port", "0"};
    if (!args.fault.empty()) serverArgs.push_back("--fault=" + args.fault);
    if (!args.fixtures.empty()) {
        for (std::string a : {"--fixtures", args.fixtures.c_str(), "--client-request-timeout", "2"}) serverArgs.push_back(a);
    }
    Poco::Pipe serverOut;
    auto server = Poco::Process::launch(args.server, serverArgs, nullptr, &serverOut, nullptr);
    Poco::PipeInputStream serverStream(serverOut);
    std::string first;
    std::getline(serverStream, first);
    auto at = first.find("http://");
    if (at == std::string::npos) {
        std::cerr << "the server did not announce its URL: " << first << "\n";
        Poco::Process::kill(server);
        return 1;
    }
    std::string base = first.substr(at);
    while (!base.empty() && (base.back() == '\r' || base.back() == ' ')) base.pop_back();
    std::cout << "server: " << base << (args.fault.empty() ? "" : " --fault " + args.fault) << "\n";

    int status = 0;
    auto mcp = runSuite(args, base + "/mcp", "streamable-http");
    auto sse = runSuite(args, base + "/sse", "sse");
    if (args.fault.empty()) {
        for (const auto& [tag, run] : {std::pair{"streamable-http", &mcp}, std::pair{"sse", &sse}}) {
            if (run->exitCode != 0 || !run->failed.empty() || !run->reportRead) {
                std::cout << "FAIL: the suite must pass against the reference server (" << tag << "):";
                for (const auto& id : run->failed) std::cout << " " << id;
                std::cout << "\n";
                status = 1;
            }
        }
    } else {
        bool caught = false;
        for (const auto* run : {&mcp, &sse}) {
            bool named = false;
            for (const auto& id : run->failed)
                if (id == args.caseId || id.rfind(args.caseId + ".", 0) == 0) named = true;
            if (run->exitCode == 1 && named) caught = true;
        }
        for (const auto& [tag, run] : {std::pair{"streamable-http", &mcp}, std::pair{"sse", &sse}}) {
            std::cout << "[" << tag << "] failed:";
            for (std::size_t i = 0; i < run->failed.size() && i < 20; ++i) std::cout << " " << run->failed[i];
            std::cout << (run->failed.size() > 20 ? " ..." : "") << "\n";
        }
        if (!caught) {
            std::cout << "FAIL: fault " << args.fault << " was not caught by case " << args.caseId << "\n";
            status = 1;
        } else {
            std::cout << "ok: fault " << args.fault << " caught by " << args.caseId << "\n";
        }
    }
    Poco::Process::kill(server);
    server.wait();
    return status;
}
