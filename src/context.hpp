#pragma once
// What a command gets to work with: the global options, the output sinks, the printer and the
// session, the last two made on first use so commands that need no RPC never touch gRPC.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "output/printer.hpp"
#include "output/sink.hpp"
#include "session.hpp"

namespace ectl {

// The global flags exactly as etcdctl names them (each also read from ETCDCTL_<NAME>).
struct GlobalOptions {
    std::vector<std::string> endpoints{"127.0.0.1:2379"};
    std::string dial_timeout = "2s";
    std::string command_timeout = "5s";
    std::string keepalive_time = "2s";
    std::string keepalive_timeout = "6s";
    bool debug = false;
    std::string write_out = "simple";
    bool hex = false;
    bool insecure_transport = true;
    bool insecure_discovery = true;
    bool insecure_skip_tls_verify = false;
    std::string cert;
    std::string key;
    std::string cacert;
    std::string user;
    std::string password;
    std::string discovery_srv;
    std::string discovery_srv_name;
};

// The process's standard streams as the CLI sees them (replaceable in tests).
struct Io {
    Sink& out;
    Sink& err;
    // Reads all of standard input (used for values given on stdin).
    std::function<std::string()> read_stdin;
};

// Per-invocation state handed to every command.
class Context {
public:
    explicit Context(Io& io) : m_io(io) {}

    // The global flags (filled in by the CLI parser).
    GlobalOptions& globals() { return m_globals; }
    // Records a TLS file flag that was given explicitly but empty (etcdctl rejects it).
    void note_empty_flag(const std::string& name) { m_empty_flags.push_back(name); }
    // Printer options a command may adjust before first calling printer().
    PrintOptions& print_options() { return m_print_options; }
    // The printer for -w/--hex, made on first use (unknown format: Error exit 4).
    Printer& printer();
    // The session, configured from the global flags on first use (bad flags: Error exit 128).
    Session& session();
    // Checks the global flags that need no network (durations, TLS files, endpoints).
    SessionConfig session_config() const;
    // The I/O streams.
    Io& io() { return m_io; }
    // The command the parser selected, run after the global flags are validated.
    void set_action(std::function<void()> action) { m_action = std::move(action); }
    // Lets go of the session without tearing gRPC down: the process is about to _exit.
    void abandon_session() { (void)m_session.release(); }
    // Remembers where a command's positional arguments are stored.
    void register_args(const void* cmd, std::vector<std::string>* args) { m_args[cmd] = args; }
    // The positional argument list of a command, or nullptr.
    std::vector<std::string>* args_of(const void* cmd) const {
        auto it = m_args.find(cmd);
        return it == m_args.end() ? nullptr : it->second;
    }
    // How many positional arguments came before "--" (-1 when there was none), like cobra's ArgsLenAtDash.
    int args_len_at_dash() const { return m_args_len_at_dash; }
    // Set by the parser.
    void set_args_len_at_dash(int n) { m_args_len_at_dash = n; }
    // Takes the selected command (empty when none was given).
    std::function<void()> take_action() { return std::exchange(m_action, nullptr); }

private:
    Io& m_io;
    GlobalOptions m_globals;
    PrintOptions m_print_options;
    std::unique_ptr<Printer> m_printer;
    std::unique_ptr<Session> m_session;
    std::function<void()> m_action;
    std::vector<std::string> m_empty_flags;
    std::map<const void*, std::vector<std::string>*> m_args;
    int m_args_len_at_dash = -1;
};

} // namespace ectl
