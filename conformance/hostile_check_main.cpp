// conformance_hostile_check: runs mcp-conformance against a HostileServer on 127.0.0.1 and
// checks that the whole run stays bounded: peak RSS (the child's ru_maxrss) under
// --max-rss-mib, done within --max-seconds, with an expected exit status. Prints the figures.
//
//   conformance_hostile_check --suite PATH --mode endless-sse|silent [--max-rss-mib 256]
//       [--max-seconds 600] [--expect-exit 0,1,3] [-- extra mcp-conformance arguments]
//   conformance_hostile_check --mode endless-sse --serve-seconds 600   (serve only, print URL)
#include "conformance/hostile_server.h"

#include <chrono>
#include <cstring>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

using namespace mcp::conformance;

namespace {

struct Args {
    std::string suite, mode;
    long maxRssMib = 256;
    double maxSeconds = 600;
    double serveSeconds = 0;
    std::set<int> expectExit = {0, 1, 3};
    std::vector<std::string> suiteArgs;
};

std::set<int> parseCodes(const std::string& text) {
    std::set<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) out.insert(std::stoi(item));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (k == "--") {
            for (++i; i < argc; ++i) args.suiteArgs.push_back(argv[i]);
            break;
        }
        if (i + 1 >= argc) break;
        std::string v = argv[++i];
        if (k == "--suite") args.suite = v;
        else if (k == "--mode") args.mode = v;
        else if (k == "--max-rss-mib") args.maxRssMib = std::stol(v);
        else if (k == "--max-seconds") args.maxSeconds = std::stod(v);
        else if (k == "--serve-seconds") args.serveSeconds = std::stod(v);
        else if (k == "--expect-exit") args.expectExit = parseCodes(v);
    }
    auto mode = HostileServer::parseMode(args.mode);
    if (!mode || (args.suite.empty() && args.serveSeconds <= 0)) {
        std::cerr << "usage: conformance_hostile_check --suite PATH --mode endless-sse|silent [--max-rss-mib N] [--max-seconds S]\n"
                     "       [--expect-exit 0,1,3] [-- mcp-conformance args]   |   --mode M --serve-seconds S\n";
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    HostileServer server(*mode);
    std::cout << "hostile server (" << args.mode << ") on " << server.url() << std::endl;
    if (args.serveSeconds > 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(args.serveSeconds));   // serve-only mode: a bounded lifetime
        return 0;
    }

    std::vector<std::string> command = {args.suite, "--url", server.url() + "/mcp"};
    for (const auto& a : args.suiteArgs) command.push_back(a);
    std::vector<char*> argvChild;
    for (auto& c : command) argvChild.push_back(c.data());
    argvChild.push_back(nullptr);
    auto started = std::chrono::steady_clock::now();
    pid_t child = fork();
    if (child == 0) {
        int devnull = ::open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
        execv(argvChild[0], argvChild.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    bool killed = false;
    while (true) {
        pid_t done = wait4(child, &status, WNOHANG, &usage);
        if (done == child) break;
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (elapsed > args.maxSeconds && !killed) {
            kill(child, SIGKILL);
            killed = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));   // polling the child, not a correctness wait
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    server.stop();
    int exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    long rssMib = usage.ru_maxrss / 1024;
    std::cout << "mcp-conformance against " << args.mode << ": exit " << exitCode << ", peak RSS " << rssMib << " MiB ("
              << usage.ru_maxrss << " KiB), wall " << seconds << " s, " << server.eventsSent() << " 1 MiB events sent\n";
    bool ok = true;
    if (killed) {
        std::cout << "FAIL: the run did not end within " << args.maxSeconds << " s\n";
        ok = false;
    }
    if (rssMib > args.maxRssMib) {
        std::cout << "FAIL: peak RSS " << rssMib << " MiB is over " << args.maxRssMib << " MiB\n";
        ok = false;
    }
    if (!args.expectExit.count(exitCode)) {
        std::cout << "FAIL: unexpected exit status " << exitCode << "\n";
        ok = false;
    }
    return ok ? 0 : 1;
}
