// watch: stream events on a key, range or prefix; resumes after reconnects without gaps.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "child_process.hpp"
#include "commands/commands.hpp"
#include "error.hpp"
#include "go_quote.hpp"
#include "parse.hpp"
#include "session/session.hpp"
#include "signals.hpp"
#include "watch_args.hpp"
#include "watch_output.hpp"
#include "watcher.hpp"
#include "words.hpp"

namespace ectl {
namespace {

// Binds --prefix, --rev and --prev-kv (the command line and `watch -i` lines share them).
void bind_watch_flags(CLI::App* cmd, WatchOptions& o) {
    add_bool_flag(cmd, "prefix", o.prefix, "Watch on a prefix if prefix is set");
    add_value_flag(cmd, "rev", o.rev, flag_type::k_int64, "Revision to start watching");
    add_bool_flag(cmd, "prev-kv", o.prev_kv, "get the previous key-value pair before the event happens");
}

// Runs the exec command once per event with ETCD_WATCH_* set (values raw, not Go-quoted).
void run_exec(const std::vector<std::string>& exec, const etcdserverpb::WatchResponse& resp, Context& ctx,
              const Watcher& watcher) {
    for (const auto& ev : resp.events()) {
        EnvList env = {fmt::format("ETCD_WATCH_REVISION={}", resp.header().revision()),
                       fmt::format("ETCD_WATCH_EVENT_TYPE={}", ev.type() == mvccpb::Event::DELETE ? "DELETE" : "PUT"),
                       "ETCD_WATCH_KEY=" + ev.kv().key(), "ETCD_WATCH_VALUE=" + ev.kv().value()};
        int status = run_child(exec, env);
        if (watcher.stop_signal() > 0) {
            throw Error::silent(ExitStatus::signal(watcher.stop_signal())); // ended by a signal
        }
        if (status != 0) {
            std::string quoted;
            for (const auto& a : exec) {
                quoted += (quoted.empty() ? "" : " ") + go_quote(a);
            }
            std::string why = status == 127 ? "command not found" : fmt::format("exit status {}", status);
            ctx.io().err.write(fmt::format("command [{}] error ({})\n", quoted, why));
            throw Error::silent(ExitStatus::child(status));
        }
    }
}

// The exec command of each watch (interactive lines add watches while events arrive).
class ExecTable {
public:
    void add(std::vector<std::string> exec) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_execs.push_back(std::move(exec));
    }
    std::vector<std::string> get(size_t index) {
        std::lock_guard<std::mutex> lock(m_mutex);
        return index < m_execs.size() ? m_execs[index] : std::vector<std::string>();
    }

private:
    std::mutex m_mutex;
    std::vector<std::vector<std::string>> m_execs;
};

// Stops the watch and passes the signal on to an exec command that is running.
std::function<void(int)> stop_on_signal(const std::shared_ptr<Watcher>& watcher) {
    return [watcher](int signo) {
        watcher->stop(signo);
        signal_running_child(signo);
    };
}

Watcher::Handler make_handler(Context& ctx, const std::shared_ptr<ExecTable>& execs,
                              const std::shared_ptr<Watcher>& watcher) {
    return [&ctx, execs, watcher](size_t index, const etcdserverpb::WatchResponse& resp) {
        print_watch_response(ctx, resp);
        auto exec = execs->get(index);
        if (!exec.empty()) {
            run_exec(exec, resp, ctx, *watcher);
        }
    };
}

void watch_command_line(const WatchOptions& o, Context& ctx) {
    const char* env_key = std::getenv("ETCDCTL_WATCH_KEY");
    const char* env_range = std::getenv("ETCDCTL_WATCH_RANGE_END");
    if ((env_key == nullptr || *env_key == '\0') && env_range != nullptr && *env_range != '\0') {
        throw_bad_args(
            fmt::format("ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END={}", go_quote(env_range)));
    }
    WatchPlan plan = make_watch_plan(o, o.args, ctx.args_len_at_dash());
    ctx.printer();
    // Shared with the signal thread, which may still call stop() while this returns.
    auto watcher = make_printing_watcher(ctx, "watch");
    watcher->add(plan.spec);
    auto execs = std::make_shared<ExecTable>();
    execs->add(plan.exec);
    on_signal(stop_on_signal(watcher));
    finish_watch(watcher->run(make_handler(ctx, execs, watcher)));
}

// What the interactive watch thread shares with the stdin loop.
struct InteractiveState {
    std::atomic<bool> done{false};
    WatchEnd end;
    std::unique_ptr<Error> failure;
};

// Parses one "watch [options] <key> [range_end] [-- cmd args]" line like the command line.
WatchPlan parse_watch_line(const std::vector<std::string>& words) {
    WatchOptions o;
    CLI::App parser;
    bind_watch_flags(&parser, o);
    parser.add_option("args", o.args)->expected(0, -1);
    auto dash = std::find(words.begin(), words.end(), "--");
    std::vector<std::string> exec(dash == words.end() ? dash : dash + 1, words.end());
    std::vector<std::string> head(words.begin() + 1, dash);
    std::reverse(head.begin(), head.end());
    try {
        parser.parse(head);
    } catch (const CLI::ParseError& e) {
        throw_bad_args(parse_error_text(e, true));
    }
    int at_dash = dash == words.end() ? -1 : static_cast<int>(o.args.size());
    o.args.insert(o.args.end(), exec.begin(), exec.end());
    return make_watch_plan(o, o.args, at_dash);
}

// Handles one stdin line of `watch -i`; like etcdctl, a bad key range is reported and skipped
// while a malformed line (bad flag, stray "--") ends the command.
void interactive_line(const std::string& line, Watcher& watcher, ExecTable& execs, Context& ctx) {
    auto words = split_words(line, WordSyntax::etcdctl);
    std::string complaint;
    if (words.empty()) {
        complaint = fmt::format("Invalid command: {} (watch and progress supported)", line);
    } else if (words[0] == "progress") {
        watcher.request_progress();
        return;
    } else if (words[0] != "watch") {
        complaint = fmt::format("Invalid command {} (only support watch)", line);
    } else if (words.size() < 2 && std::getenv("ETCDCTL_WATCH_KEY") == nullptr) {
        complaint = fmt::format("Invalid command {} (command type or key is not provided)", line);
    } else {
        try {
            WatchPlan plan = parse_watch_line(words);
            execs.add(plan.exec);
            watcher.add(plan.spec);
            return;
        } catch (const RangeError& e) {
            complaint = fmt::format("Invalid command {} ({})", line, e.what());
        }
    }
    ctx.io().err.write(complaint + "\n");
    ctx.io().err.flush();
}

// `watch -i`: "watch ..." and "progress" lines on stdin, events printed as they come.
void run_interactive(Context& ctx) {
    ctx.printer();
    auto watcher = make_printing_watcher(ctx, "watch");
    auto execs = std::make_shared<ExecTable>();
    auto state = std::make_shared<InteractiveState>();
    auto handler = make_handler(ctx, execs, watcher);
    on_signal(stop_on_signal(watcher));
    std::thread([watcher, state, handler] {
        try {
            state->end = watcher->run(handler);
        } catch (const Error& e) {
            state->failure = std::make_unique<Error>(e);
        }
        state->done = true;
    }).detach();
    std::string line;
    try {
        // Wakes up every 100 ms to see whether the watch is over.
        while (ctx.io().in.read_line(line, [&state] { return state->done.load(); })) {
            interactive_line(line, *watcher, *execs, ctx);
        }
        if (!state->done) {
            throw Error(ExitCode::invalid_input, "Error reading watch request line: EOF");
        }
    } catch (const Error&) {
        // Stop the watch thread before ctx goes away (bounded), then report the input error.
        watcher->stop(-1);
        for (int i = 0; i < 40 && !state->done; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        throw;
    }
    if (state->failure) {
        throw *state->failure;
    }
    finish_watch(state->end);
}

void run_watch(const WatchOptions& o, Context& ctx) {
    if (o.interactive) {
        run_interactive(ctx);
    } else {
        watch_command_line(o, ctx);
    }
}

} // namespace

void add_watch_command(CLI::App& root, Context& ctx) {
    auto watch = add_command<WatchOptions>(&root, ctx, "watch", "Watches events stream on keys or prefixes",
                                           "[key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]", run_watch);
    describe_command(
        watch.cmd,
        "Runs until interrupted. After a lost connection ectl resumes from the last delivered revision, so no "
        "event is missed or repeated.\nWith \"-- cmd args\", runs cmd for every event with ETCD_WATCH_REVISION, "
        "ETCD_WATCH_EVENT_TYPE, ETCD_WATCH_KEY and ETCD_WATCH_VALUE set (raw values).",
        {"ectl watch greeting", "ectl watch --prefix config/ -w json", "ectl watch --rev=1 --prefix jobs/",
         "ectl watch config -- sh -c 'echo \"$ETCD_WATCH_KEY changed\"'"});
    add_bool_flag(watch.cmd, "interactive", watch.options->interactive, "Interactive mode", 'i');
    bind_watch_flags(watch.cmd, *watch.options);
}

} // namespace ectl
