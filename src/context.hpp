#pragma once
// What a command gets to work with. Process: what lives as long as the process (standard streams,
// global flags, the session), so that one process can run many commands over one connection.
// Context: what one command invocation owns (its printer, its positional arguments), handing out
// the process's session. The printer and the session are made on first use, so commands that need
// no RPC never touch gRPC.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "global_flags.hpp"
#include "input.hpp"
#include "output/printer.hpp"
#include "output/sink.hpp"
#include "session/config.hpp"

namespace ectl {

class Session;

// The process's standard streams as the CLI sees them (replaceable in tests).
struct Io {
    Sink& out;
    Sink& err;
    Input& in;
};

// Per-process state.
class Process {
public:
    explicit Process(Io& io);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // The I/O streams.
    Io& io() { return m_io; }
    // The global flags (filled in by the CLI parser).
    GlobalOptions& globals() { return m_globals; }
    // Records a TLS file flag that was given explicitly but empty (etcdctl rejects it).
    void note_empty_flag(const std::string& name) { m_empty_flags.push_back(name); }
    // The first such flag, or "".
    std::string first_empty_flag() const { return m_empty_flags.empty() ? "" : m_empty_flags.front(); }
    // Checks the global flags that need no network, once (durations, endpoints); throws Error(bad_args).
    const SessionConfig& settings();
    // The session, configured from the global flags on first use (may prompt for a password).
    Session& session();
    // Lets go of the session without tearing gRPC down: the process is about to _exit.
    void abandon_session();

private:
    Io& m_io;
    GlobalOptions m_globals;
    std::vector<std::string> m_empty_flags;
    std::optional<SessionConfig> m_settings;
    std::unique_ptr<Session> m_session;
};

// Takes plain writes (put, del) that a command would otherwise send at once: batch --txn sends
// them together, as one Txn, and prints each inner response as the command would have.
class WriteCollector {
public:
    virtual ~WriteCollector() = default;
    // Takes one put or del request (printed later, with the printer of the same -w format).
    virtual void add(etcdserverpb::RequestOp op) = 0;
};

// Per-invocation state handed to every command.
class Context {
public:
    explicit Context(Process& process) : m_process(process), m_io(process.io()) {}
    // A command whose streams are not the process's (batch: standard input holds batch's lines).
    Context(Process& process, Io& io) : m_process(process), m_io(io) {}

    // The process this command runs in.
    Process& process() { return m_process; }
    // The global flags.
    GlobalOptions& globals() { return m_process.globals(); }
    // The I/O streams.
    Io& io() { return m_io; }
    // The process's session (made on first use).
    Session& session() { return m_process.session(); }
    // Printer options a command may adjust before first calling printer().
    PrintOptions& print_options() { return m_print_options; }
    // The printer for -w/--hex of etcdctl's own responses (kv, watch, lease), made on first use.
    // Fails (exit 4) before any RPC for an unknown format, or one that cannot print them (table).
    Printer& printer();
    // The printer for a response with its own views; fails (exit 4) unless the format has one.
    template <typename Resp>
    Printer& printer(const Views<Resp>& views) {
        Printer& p = any_printer();
        p.check(views);
        return p;
    }
    // The printer, checked only for an unknown format (commands printing one line in every format).
    Printer& any_printer();
    // The command the parser selected, run after the global flags are validated.
    void set_action(std::function<void()> action) { m_action = std::move(action); }
    // Takes the selected command (empty when none was given).
    std::function<void()> take_action() { return std::exchange(m_action, nullptr); }
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
    // Makes put and del hand their requests to collector instead of sending them (nullptr: send).
    void collect_writes(WriteCollector* collector) { m_writes = collector; }
    // Hands req to the write collector: true when there is one (the command must not send req).
    bool defer_write(etcdserverpb::PutRequest& req);
    // The same for a del.
    bool defer_write(etcdserverpb::DeleteRangeRequest& req);

private:
    Process& m_process;
    Io& m_io;
    WriteCollector* m_writes = nullptr;
    PrintOptions m_print_options;
    std::unique_ptr<Printer> m_printer;
    std::function<void()> m_action;
    std::map<const void*, std::vector<std::string>*> m_args;
    int m_args_len_at_dash = -1;
};

} // namespace ectl
