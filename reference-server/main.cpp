// mcp-reference-server: command line, properties file and signal handling around
// ReferenceServer. Options may also be given in a properties file (--config FILE)
// as `server.<option> = value`, e.g. `server.port = 9000`, `server.token = a,b`.
#include "reference-server/reference_server.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/PatternFormatter.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IntValidator.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <fstream>
#include <iostream>

using Poco::Util::Option;
using Poco::Util::OptionSet;

namespace {

class ReferenceServerApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(OptionSet& options) override {
        ServerApplication::defineOptions(options);
        auto add = [&](const char* name, const char* help, const char* argName = nullptr, bool repeatable = false) {
            Option option(name, "", help);
            option.required(false).repeatable(repeatable);
            if (argName) option.argument(argName);
            options.addOption(option);
        };
        add("help", "Show this help and exit.");
        add("config", "Load options from a properties file (keys server.<option>).", "FILE");
        add("host", "Address to listen on (default 127.0.0.1).", "ADDR");
        add("port", "Port to listen on (default 8787; 0 picks a free port and prints it).", "PORT");
        add("token", "Accept only this bearer token (repeatable). Default: any syntactically valid token.", "T", true);
        add("tokens-file", "Accept only the tokens listed in FILE, one per line.", "FILE");
        add("public-url", "Base URL clients use, for metadata and the landing page (default http://HOST:PORT).", "URL");
        add("allow-origin", "Also accept browser requests from this Origin (repeatable; loopback origins always are).", "ORIGIN", true);
        add("authorization-server", "Issuer listed in the protected resource metadata (repeatable; default: the base URL).", "URL", true);
        add("max-body-bytes", "Largest request body accepted (default 4194304); larger -> 413.", "N");
        add("max-header-bytes", "Largest request head accepted (default 32768); larger -> 431.", "N");
        add("max-sessions", "Most sessions open at once (default 20000); a new one then ends the longest-idle session that has no work in progress (503 when every session has).", "N");
        add("max-sessions-per-token", "Most sessions of one bearer token (default 100); a new one then ends that token's longest-idle session that has no work in progress (429 when every one has).", "N");
        add("max-connections", "Most connections open at once (default: the descriptor limit less 64); a new one then closes the longest-idle keep-alive connection, or is refused if none is idle.", "N");
        add("max-queued-bytes", "Per-session outbound queue (default 1048576); a reader that falls further behind is disconnected.", "N");
        add("session-idle-timeout", "Seconds before an idle Streamable HTTP session expires (default 1800).", "S");
        add("keepalive-interval", "Seconds between keep-alive comments on idle streams (default 15).", "S");
        add("no-auth", "Serve without a bearer token (for clients that cannot send one, e.g. the official MCP conformance suite). Refused unless --host is a loopback address.");
        add("fixtures", "Serve extra fixtures; NAME 'conformance': the official MCP conformance suite's tools, resources, prompts and completions, plus slow, log_all_levels, fail, raise_internal, toggle_tool, structured (see README).", "NAME");
        add("client-request-timeout", "Seconds a server-to-client request (sampling, elicitation) waits for the client's answer (default 60).", "S");
        add("head-timeout", "Seconds from a request's first byte until its whole head must have arrived (default 10); later -> 408.", "S");
        add("request-timeout", "Seconds from a request's first byte until its whole body must have arrived (default 30); later -> 408.", "S");
        add("idle-timeout", "Seconds a keep-alive connection may wait for its next request (default 30).", "S");
        add("write-stall-timeout", "Seconds a client may leave pending output unread before its connection (and stream) is closed (default 30).", "S");
        add("threads", "Worker threads for the MCP requests the event loop does not answer itself: bodies over 4 KiB, a session busy elsewhere, DELETE of a session (default: one per core, at least 2). Event loop threads own every socket; workers never wait on one.", "N");
        add("loops", "Event loop threads (default: half the cores, at least 1). Each accepts its own connections on the same port (SO_REUSEPORT) and owns them until they close.", "N");
        add("tls-cert", "Serve HTTPS with this PEM certificate chain (needs --tls-key).", "FILE");
        add("tls-key", "The PEM private key of --tls-cert.", "FILE");
        add("metrics-from-any-address", "Serve GET /metrics to every client, not only loopback ones.");
        add("fault", "Switch on a deliberate bug, for testing the conformance suite (repeatable; see --list-faults).", "NAME", true);
        add("list-faults", "List the fault names and exit.");
    }

    void handleOption(const std::string& name, const std::string& value) override {
        ServerApplication::handleOption(name, value);
        if (name == "help") {
            Poco::Util::HelpFormatter help(options());
            help.setCommand(commandName());
            help.setUsage("[options]");
            help.setHeader("A bearer-auth MCP server: legacy HTTP+SSE at /sse, Streamable HTTP at /mcp, Prometheus metrics at "
                           "/metrics (loopback clients only by default).\n"
                           "Tools: add {a, b} (the sum as text), getToken (\"User's token: <the Authorization header value the "
                           "session was opened with>\"), echo (its arguments as JSON text), stream {count, size} (benchmark: "
                           "count log notifications, then the answer).\n"
                           "With --fixtures conformance also: test_simple_text, test_image_content, test_audio_content, "
                           "test_embedded_resource, test_multiple_content_types, test_tool_with_logging, test_error_handling, "
                           "test_tool_with_progress, test_sampling, test_elicitation, test_elicitation_sep1034_defaults, "
                           "test_elicitation_sep1330_enums, json_schema_2020_12_tool, test_reconnection, slow {durationMs}, log_all_levels, fail, "
                           "raise_internal, toggle_tool, toggled_tool, structured; resources test://static-text, "
                           "test://static-binary, test://watched-resource, template test://template/{id}/data; prompts "
                           "test_simple_prompt, test_prompt_with_arguments, test_prompt_with_embedded_resource, "
                           "test_prompt_with_image; completion/complete for prompt arguments and the template's {id}.");
            help.setFooter("Example: mcp-reference-server --port 0 --no-auth --fixtures conformance   (what the official "
                           "MCP conformance suite runs against)");
            help.setUnixStyle(true);
            help.format(std::cout);
            stopOptionsProcessing();
            exitEarly_ = true;
        } else if (name == "list-faults") {
            for (auto fault : mcp::server::allFaultNames()) std::cout << fault << "\n";
            stopOptionsProcessing();
            exitEarly_ = true;
        } else if (name == "no-auth") {
            config().setBool("server.no-auth", true);
        } else if (name == "config") {
            loadConfiguration(value);
        } else if (name == "metrics-from-any-address") {
            config().setString("server." + name, "true");
        } else if (name == "token" || name == "allow-origin" || name == "authorization-server" || name == "fault") {
            std::string key = "server." + name;
            std::string previous = config().getString(key, "");
            config().setString(key, previous.empty() ? value : previous + "," + value);
        } else {
            config().setString("server." + name, value);
        }
    }

    int main(const std::vector<std::string>& args) override {
        if (exitEarly_) return EXIT_OK;
        if (!args.empty()) {
            std::cerr << "unexpected argument: " << args.front() << " (see --help)\n";
            return EXIT_USAGE;
        }
        mcp::server::ServerConfig config;
        try {
            config = readConfig();
        } catch (const std::exception& e) {
            std::cerr << "mcp-reference-server: " << e.what() << "\n";
            return EXIT_USAGE;
        }
        setupLogging();
        if (config.noAuth) {
            std::cerr << "mcp-reference-server: WARNING: --no-auth: every request is served WITHOUT a bearer token.\n"
                         "mcp-reference-server: WARNING: anyone who can reach " << config.host
                      << " can use this server; it only listens on loopback.\n";
        }
        mcp::server::ReferenceServer server(config);
        try {
            server.start();
        } catch (const std::exception& e) {
            std::cerr << "mcp-reference-server: cannot serve on " << config.host << ":" << config.port << ": " << e.what()
                      << "\n";
            return EXIT_OSERR;
        }
        std::cout << "mcp-reference-server listening on " << server.baseUrl() << std::endl;
        logger().information("ready: legacy SSE at %s/sse, Streamable HTTP at %s/mcp%s%s", server.baseUrl(), server.baseUrl(),
                             std::string(config.noAuth ? " (NO AUTHENTICATION: --no-auth)"
                                                       : config.tokens.empty() ? " (any valid bearer token)" : ""),
                             std::string(config.conformanceFixtures ? ", conformance fixtures" : ""));
        waitForTerminationRequest();
        logger().information("stopping: closing streams");
        server.stop();
        return EXIT_OK;
    }

private:
    std::vector<std::string> list(const std::string& key) {
        std::vector<std::string> out;
        Poco::StringTokenizer tokens(config().getString(key, ""), ",",
                                     Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& t : tokens) out.push_back(t);
        return out;
    }

    std::size_t size(const std::string& key, std::size_t fallback) {
        return static_cast<std::size_t>(config().getUInt64("server." + key, fallback));
    }

    // Seconds (fractions allowed) as milliseconds; 0 < value <= one day.
    std::chrono::milliseconds duration(const std::string& key, std::chrono::milliseconds fallback) {
        if (!config().has("server." + key)) return fallback;
        double seconds = config().getDouble("server." + key);
        if (!(seconds > 0 && seconds <= 86400)) throw std::invalid_argument("--" + key + " must be between 0 and 86400 seconds");
        return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    }

    mcp::server::ServerConfig readConfig() {
        mcp::server::ServerConfig c;
        c.host = config().getString("server.host", c.host);
        c.port = config().getInt("server.port", c.port);
        if (c.port < 0 || c.port > 65535) throw std::invalid_argument("--port must be 0..65535");
        c.tokens = list("server.token");
        if (config().has("server.tokens-file")) {
            std::ifstream in(config().getString("server.tokens-file"));
            if (!in) throw std::invalid_argument("cannot read --tokens-file");
            for (std::string line; std::getline(in, line);) {
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
                if (!line.empty() && line.front() != '#') c.tokens.push_back(line);
            }
            if (c.tokens.empty()) throw std::invalid_argument("--tokens-file lists no token");
        }
        c.publicUrl = config().getString("server.public-url", "");
        c.allowedOrigins = list("server.allow-origin");
        c.authorizationServers = list("server.authorization-server");
        c.http.maxBodyBytes = size("max-body-bytes", c.http.maxBodyBytes);
        c.http.maxHeadBytes = size("max-header-bytes", c.http.maxHeadBytes);
        c.maxSessions = size("max-sessions", c.maxSessions);
        c.maxSessionsPerToken = size("max-sessions-per-token", c.maxSessionsPerToken);
        c.maxConnections = size("max-connections", c.maxConnections);
        c.headTimeout = duration("head-timeout", c.headTimeout);
        c.requestTimeout = duration("request-timeout", c.requestTimeout);
        c.idleConnectionTimeout = duration("idle-timeout", c.idleConnectionTimeout);
        c.writeStallTimeout = duration("write-stall-timeout", c.writeStallTimeout);
        c.tlsCertificateFile = config().getString("server.tls-cert", "");
        c.tlsKeyFile = config().getString("server.tls-key", "");
        if (c.tlsCertificateFile.empty() != c.tlsKeyFile.empty())
            throw std::invalid_argument("--tls-cert and --tls-key go together");
        c.metricsFromAnyAddress = config().getBool("server.metrics-from-any-address", false);
        c.maxQueuedBytesPerSession = size("max-queued-bytes", c.maxQueuedBytesPerSession);
        c.sessionIdleTimeout = std::chrono::seconds(size("session-idle-timeout", c.sessionIdleTimeout.count()));
        c.noAuth = config().getBool("server.no-auth", false);
        if (c.noAuth && !c.tokens.empty()) throw std::invalid_argument("--no-auth and --token/--tokens-file contradict each other");
        if (c.noAuth && !c.loopbackOnly())
            throw std::invalid_argument("--no-auth refuses to start on " + c.host +
                                        ": without authentication the server may only listen on a loopback address "
                                        "(127.0.0.1, ::1, localhost)");
        std::string fixtures = config().getString("server.fixtures", "");
        if (!fixtures.empty() && fixtures != "conformance")
            throw std::invalid_argument("unknown --fixtures '" + fixtures + "' (the one set is 'conformance')");
        c.conformanceFixtures = fixtures == "conformance";
        c.clientRequestTimeout = std::chrono::seconds(size("client-request-timeout", 60));
        c.keepAliveInterval = duration("keepalive-interval", c.keepAliveInterval);
        c.workerThreads = static_cast<int>(size("threads", 0));
        std::size_t loops = size("loops", 0);
        if (loops > 256) throw std::invalid_argument("--loops must be at most 256 (0: half the cores)");
        c.eventLoops = static_cast<int>(loops);
        for (const auto& name : list("server.fault")) {
            auto fault = mcp::server::parseFault(name);
            if (!fault) throw std::invalid_argument("unknown fault '" + name + "' (see --list-faults)");
            c.faults.enable(*fault);
        }
        return c;
    }

    void setupLogging() {
        Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %t"));
        Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
        Poco::Logger::root().setChannel(channel);
        Poco::Logger::get("mcp-reference-server").setChannel(channel);
    }

    bool exitEarly_ = false;
};

}  // namespace

POCO_SERVER_MAIN(ReferenceServerApp)
