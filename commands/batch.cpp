// batch: many commands, one a line from standard input, over one connection.
#include <memory>
#include <string>
#include <vector>

#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "batch_input.hpp"
#include "batch_lines.hpp"
#include "commands/commands.hpp"
#include "commands/register.hpp"
#include "docs/help.hpp"
#include "error.hpp"
#include "kv_requests.hpp"
#include "parse.hpp"
#include "session/session.hpp"
#include "write_group.hpp"
#include "write_pipeline.hpp"

namespace ectl {
namespace {

struct BatchOptions {
    std::vector<std::string> args;
    std::string input = "shell";
    bool stop_on_error = false;
    std::string txn = "0";
    std::string pipeline = "0";
};

// One run of batch: the lines in order, each through the command tree as the single command, with
// the --txn/--pipeline group pending between write lines. Lines run one after another: a line may read what an earlier
// one wrote, and concurrent RPCs may reach etcd (and be ordered by raft) in any order. One connection and one process
// make the per-line cost an RPC; --txn also makes it a fraction of one raft commit. --pipeline keeps N writes in
// flight, to disjoint keys only (what raft orders differently then lands the same).
class BatchRun : public WriteCollector {
public:
    BatchRun(const BatchOptions& o, Context& ctx)
        : m_ctx(ctx), m_syntax(parse_batch_syntax(o.input)), m_stop_on_error(o.stop_on_error), m_group(group_size(o)),
          m_out(ctx.io().out), m_line_io{m_out, ctx.io().err, m_no_input}, m_commands(register_commands()) {
        if (const size_t width = count_flag("pipeline", o.pipeline); width > 0) {
            m_pipeline = std::make_unique<WritePipeline>(ctx.session(), width);
        }
    }

    // Runs input line `number`; false when batch must stop (--stop-on-error, stdout gone).
    bool run_line(size_t number, const std::string& line) {
        m_line = number;
        m_deferred = false;
        try {
            auto words = batch_line_words(line, m_syntax);
            if (words.empty()) {
                return true;
            }
            Context line_ctx(m_ctx.process(), m_line_io);
            line_ctx.collect_writes(m_group.capacity() > 0 ? this : nullptr);
            run_words(std::move(words), line_ctx, m_commands,
                      [this](const CLI::App& cmd, bool runs) { vet(cmd, runs); });
            if (!m_deferred) {
                ++m_ok;
            } else if (m_group.full()) {
                send_group();
            }
            m_out.flush();
        } catch (const Error& e) {
            finish_group(); // the writes of earlier lines land (and print) before this line's error
            failed(number, e);
        }
        return !stopping();
    }

    // Sends what is pending, prints the summary; throws the first failed line's exit status.
    void finish() {
        finish_group();
        m_ctx.io().err.write(fmt::format("{} ok, {} failed\n", m_ok, m_failed));
        if (m_failed > 0) {
            throw Error::silent(m_first_status == ExitCode::success ? ExitStatus(ExitCode::error) : m_first_status);
        }
    }

    void add(etcdserverpb::RequestOp op) override {
        m_deferred = true;
        if (!m_group.fits(op)) {
            send_group(); // full, too large, or a key the group already writes: the next Txn
        }
        if (!stopping()) { // else the group before failed: with --stop-on-error this line never runs
            m_group.add(m_line, std::move(op));
        }
    }

private:
    static size_t count_flag(const char* name, const std::string& text) {
        int64_t n = parse_int_flag(name, text);
        if (n < 0) {
            throw_bad_args(fmt::format("--{} must be 0 (off) or more, got {}", name, n));
        }
        return static_cast<size_t>(n);
    }

    // How many writes gather before they are sent: a txn's worth, or a few rounds of the pipeline
    // (so that no writer idles while the slowest write of a round is answered).
    static size_t group_size(const BatchOptions& o) {
        const size_t txn = count_flag("txn", o.txn);
        const size_t width = count_flag("pipeline", o.pipeline);
        if (width > 0 && txn > 0) {
            throw_bad_args("--pipeline and --txn cannot be combined: choose one txn per group or writes in flight");
        }
        if (width > 0 && o.stop_on_error) {
            throw_bad_args("--pipeline cannot be combined with --stop-on-error: the writes in flight beside a "
                           "failing line land anyway");
        }
        return width > 0 ? width * k_pipeline_rounds : txn;
    }
    static constexpr size_t k_pipeline_rounds = 4;

    // A line ended by a signal (Ctrl-C during a wait line) ends the batch, as it would a script.
    bool stopping() const { return m_out.gone() || m_interrupted || (m_stop_on_error && m_failed > 0); }

    // Refuses what cannot run inside batch; keeps the output in order by sending the pending
    // writes before any line that is not one.
    void vet(const CLI::App& cmd, bool runs) {
        const std::string path = absl::StrJoin(command_path(cmd), " ");
        if (auto why = batch_refusal(cmd, path); runs && why) {
            throw Error(ExitCode::bad_feature, fmt::format("\"{}\" cannot run inside batch: {}", path, *why));
        }
        if (!runs || (path != "put" && path != "del") || !batch_deferrable(cmd)) {
            send_group();
        }
    }

    void send_group();
    void send_pipelined();
    void finish_group();
    void failed(size_t number, const Error& e);

    Context& m_ctx;
    BatchSyntax m_syntax;
    bool m_stop_on_error;
    WriteGroup m_group;
    WatchedSink m_out;
    NoInput m_no_input;
    Io m_line_io;
    CommandList m_commands;
    std::unique_ptr<WritePipeline> m_pipeline;
    size_t m_line = 0;
    bool m_deferred = false;
    size_t m_ok = 0;
    size_t m_failed = 0;
    bool m_interrupted = false;
    ExitStatus m_first_status = ExitCode::success;
};

void BatchRun::send_group() {
    if (m_group.empty()) {
        return;
    }
    if (m_pipeline) {
        send_pipelined();
        return;
    }
    try {
        const auto& req = m_group.request();
        check_send_size(req);
        auto resp = m_ctx.session().call(&etcdserverpb::KV::Stub::Txn, req, Retry::write);
        Printer& printer = m_ctx.printer();
        for (size_t i = 0; i < m_group.lines().size(); ++i) {
            if (req.success(static_cast<int>(i)).has_request_put()) {
                printer.put(put_response(resp, i));
            } else {
                printer.del(del_response(resp, i));
            }
        }
        m_ok += m_group.lines().size();
        m_out.flush();
    } catch (const Error& e) {
        for (size_t line : m_group.lines()) {
            failed(line, e); // one Txn: every line of it failed alike
        }
    }
    m_group.clear();
}

// Each write of the group on its own, `width` at a time; each line succeeds or fails by itself.
void BatchRun::send_pipelined() {
    auto outcomes = m_pipeline->send(m_group.request());
    Printer& printer = m_ctx.printer();
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const auto& o = outcomes[i];
        if (o.error) {
            failed(m_group.lines()[i], *o.error);
            continue;
        }
        try {
            if (o.response.has_response_put()) {
                printer.put(o.response.response_put());
            } else {
                printer.del(o.response.response_delete_range());
            }
            ++m_ok;
        } catch (const Error& e) {
            failed(m_group.lines()[i], e);
        }
    }
    try {
        m_out.flush();
    } catch (const Error&) {
        // stdout is gone: run_line stops the batch
    }
    m_group.clear();
}

// Sends the pending writes unless stdout is gone: their lines then never run (nothing could tell).
void BatchRun::finish_group() {
    if (!m_out.gone()) {
        send_group();
    }
}

void BatchRun::failed(size_t number, const Error& e) {
    // Lines fail in input order (pending writes are sent before a later line's failure is told).
    if (++m_failed == 1) {
        m_first_status = e.status();
    }
    m_interrupted = m_interrupted || (e.status().value() > 128 && e.status().value() <= 128 + 64);
    if (e.is_silent()) {
        return;
    }
    try {
        m_out.flush(); // what earlier lines printed comes first on a terminal
    } catch (const Error&) {
        // stdout is gone; run_line stops the batch
    }
    m_ctx.io().err.write(fmt::format("Error: line {}: {}\n", number, e.what()));
    m_ctx.io().err.flush();
}

void run_batch(const BatchOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("batch takes no arguments (got \"{}\"): it reads commands from standard input",
                                   o.args.front()));
    }
    ctx.any_printer(); // an unknown -w fails (exit 4) before any line runs
    BatchRun run(o, ctx);
    std::string line;
    size_t number = 0;
    bool go_on = true;
    while (go_on && ctx.io().in.read_line(line)) {
        go_on = run.run_line(++number, line);
    }
    if (go_on) {
        line = ctx.io().in.read_all(); // a last line without its "\n"
        if (!line.empty()) {
            run.run_line(++number, line);
        }
    }
    run.finish();
}

} // namespace

void add_batch_command(CLI::App& root, Context& ctx) {
    auto batch = add_command<BatchOptions>(
        &root, ctx, "batch", "Runs commands from standard input, one a line, over one connection", "", run_batch);
    batch.cmd->get_option("args")->group(""); // only there to reject arguments clearly
    describe_command(
        batch.cmd,
        "Reads commands from standard input, one a line, as typed after 'ectl' (put, get, del, compaction,\n"
        "lease grant/revoke/timetolive/list, endpoint hashkv, version ...) and runs them in order over one\n"
        "connection; each prints exactly what the single command prints. Global flags (-w, --hex,\n"
        "--endpoints ...) go to batch and apply to every line.\n\n"
        "Words are quoted as in a POSIX shell ('...', \"...\", \\), without expansion; blank lines and lines\n"
        "starting with # are skipped. With --input=jsonl each line is a JSON object such as\n"
        "{\"op\":\"put\",\"key\":\"k\",\"value\":\"v\",\"prev_kv\":true}: other members are flags, \"range_end\" and\n"
        "\"args\" more positionals, key_base64/value_base64/range_end_base64 bytes that are not UTF-8.\n\n"
        "A failing line prints 'Error: line N: ...' on standard error and the next line runs (unless\n"
        "--stop-on-error); standard error ends with 'N ok, M failed'. The exit status is 0 when every line\n"
        "succeeded, else that of the first failed line. watch, get --watch, lock, elect, register, txn, lease\n"
        "keep-alive (unless --once) and commands that would read standard input are refused.\n\n"
        "--txn N sends up to N consecutive put/del lines as one txn, so they share one revision (N at most\n"
        "the server's --max-txn-ops, 128 by default); a group ends early at any other line, or at a write\n"
        "to a key the group already writes.\n\n"
        "--pipeline N keeps up to N writes in flight at once instead of one: consecutive put/del lines\n"
        "to disjoint keys are sent side by side, so raft may give them revisions in another order than\n"
        "the lines (the keys end the same); each line still prints in order and fails on its own.",
        {"printf 'put a 1\\nput b 2\\nget a --prefix\\n' | ectl batch", "ectl -w json batch < commands.txt",
         "seq 1 10000 | sed 's/.*/put key& value&/' | ectl batch --txn 128",
         "seq 1 10000 | sed 's/.*/put key& value&/' | ectl batch --pipeline 64",
         "echo '{\"op\":\"get\",\"key\":\"a\",\"prefix\":true}' | ectl batch -i jsonl"});
    add_value_flag(batch.cmd, "input", batch.options->input, flag_type::k_string,
                   "Line syntax: shell (words quoted as in a POSIX shell) or jsonl (one JSON object a line)", 'i');
    add_bool_flag(batch.cmd, "stop-on-error", batch.options->stop_on_error,
                  "Stop at the first failed line (after sending the writes before it)");
    add_value_flag(batch.cmd, "txn", batch.options->txn, flag_type::k_int,
                   "Send up to N consecutive put/del lines as one txn (0: each line alone)");
    add_value_flag(batch.cmd, "pipeline", batch.options->pipeline, flag_type::k_int,
                   "Keep up to N put/del lines to disjoint keys in flight at once (0: one at a time)");
}

} // namespace ectl
