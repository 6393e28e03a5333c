// check perf / check datascale: write a bounded load under a prefix, judge it, remove it again.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "check_load.hpp"
#include "check_metrics.hpp"
#include "commands/commands.hpp"
#include "error.hpp"
#include "go_quote.hpp"
#include "key_range.hpp"
#include "parse.hpp"
#include "session/credentials.hpp"
#include "session/endpoint.hpp"
#include "session/session.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

struct CheckOptions {
    std::vector<std::string> args; // ignored, as etcdctl ignores them
    std::string load = "s";
    std::string prefix;
    bool auto_compact = false;
    bool auto_defrag = false;
    std::string duration = "60s"; // check perf only (ectl)
};

// etcdctl's workload models, per --load.
struct Model {
    int64_t limit; // perf: puts per second; datascale: puts in all
    int clients;
};
const std::map<std::string, Model> k_perf_models{
    {"s", {150, 50}}, {"m", {1000, 200}}, {"l", {8000, 500}}, {"xl", {15000, 1000}}};
const std::map<std::string, Model> k_datascale_models{
    {"s", {10000, 50}}, {"m", {100000, 200}}, {"l", {1000000, 500}}, {"xl", {3000000, 1000}}};
// etcdctl gives the delete, compaction and defragmentation 30 s each.
constexpr std::chrono::seconds k_cleanup_timeout{30};

Model pick_model(const std::map<std::string, Model>& models, const std::string& load) {
    static const std::map<std::string, std::string> aliases{{"s", "s"}, {"small", "s"}, {"m", "m"},   {"medium", "m"},
                                                            {"l", "l"}, {"large", "l"}, {"xl", "xl"}, {"xLarge", "xl"}};
    auto it = aliases.find(load);
    if (it == aliases.end()) {
        throw Error(ExitCode::bad_feature, fmt::format("unknown load option {}", load));
    }
    return models.at(it->second);
}

// A session like the command's, aimed at endpoints, with etcdctl's 30 s for cleanup calls.
std::unique_ptr<Session> cleanup_session(Context& ctx, std::vector<std::string> endpoints) {
    SessionConfig config = ctx.session().config();
    config.endpoints = std::move(endpoints);
    config.command_timeout = k_cleanup_timeout;
    return std::make_unique<Session>(config);
}

void refuse_used_prefix(Context& ctx, const std::string& prefix) {
    etcdserverpb::RangeRequest req;
    req.set_key(prefix);
    req.set_range_end(prefix_range_end(prefix));
    req.set_limit(1);
    if (ctx.session().call(&etcdserverpb::KV::Stub::Range, req, Retry::read).kvs_size() > 0) {
        throw Error(ExitCode::invalid_input, fmt::format("prefix {} has keys. Delete with ectl del --prefix {} first",
                                                         go_quote(prefix), prefix));
    }
}

// Runs the load with the bar moving by progress() until done or interrupted; the signal or 0.
struct LoadRun {
    LoadStats stats;
    int signal = 0;
};
LoadRun run_load(Context& ctx, const LoadPlan& plan, ProgressBar& bar, int64_t (*progress)(const PutLoad&, double)) {
    auto load = std::make_shared<PutLoad>(ctx.session(), plan);
    auto signo = std::make_shared<std::atomic<int>>(0);
    on_signal([load, signo](int s) {
        *signo = s;
        load->stop();
    });
    auto start = std::chrono::steady_clock::now();
    while (!load->wait_for(std::chrono::milliseconds(100))) {
        bar.set(progress(*load, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
    }
    LoadRun run{load->finish(), signo->load()};
    if (run.signal == 0) {
        bar.finish();
    }
    return run;
}

// Deletes what the check wrote, then --auto-compact / --auto-defrag as etcdctl prints them.
void clean_up(Context& ctx, const CheckOptions& o) {
    auto session = cleanup_session(ctx, ctx.session().config().endpoints);
    etcdserverpb::DeleteRangeRequest del;
    del.set_key(o.prefix);
    del.set_range_end(prefix_range_end(o.prefix));
    int64_t revision = session->call(&etcdserverpb::KV::Stub::DeleteRange, del, Retry::write).header().revision();
    Sink& out = ctx.io().out;
    if (o.auto_compact) {
        out.write(fmt::format("Compacting with revision {}\n", revision));
        out.flush();
        etcdserverpb::CompactionRequest compact;
        compact.set_revision(revision);
        compact.set_physical(true);
        session->call(&etcdserverpb::KV::Stub::Compact, compact, Retry::write);
        out.write(fmt::format("Compacted with revision {}\n", revision));
    }
    if (o.auto_defrag) {
        for (const auto& ep : ctx.session().config().endpoints) {
            out.write(fmt::format("Defragmenting {}\n", go_quote(ep)));
            out.flush();
            cleanup_session(ctx, {ep})->call(&etcdserverpb::Maintenance::Stub::Defragment,
                                             etcdserverpb::DefragmentRequest(), Retry::write);
            out.write(fmt::format("Defragmented {}\n", go_quote(ep)));
        }
    }
    out.flush();
}

// Removes the keys of an interrupted check, then ends as the signal would (128+N).
void finish_interrupted(Context& ctx, const CheckOptions& o, int signo) {
    if (signo != 0) {
        CheckOptions plain = o;
        plain.auto_compact = plain.auto_defrag = false;
        clean_up(ctx, plain);
        throw Error::silent(ExitStatus::signal(signo));
    }
}

bool print_errors(Sink& out, const LoadStats& s) {
    if (s.errors.empty()) {
        return false;
    }
    out.write("FAIL: too many errors\n");
    for (const auto& [text, n] : s.errors) {
        out.write(fmt::format("FAIL: ERROR({}) -> {}\n", text, n));
    }
    return true;
}

void run_perf(const CheckOptions& o, Context& ctx) {
    Model model = pick_model(k_perf_models, o.load);
    auto duration = parse_duration_flag("duration", o.duration);
    if (duration.count() <= 0) {
        throw_bad_args(fmt::format("--duration must be positive (got {})", o.duration));
    }
    refuse_used_prefix(ctx, o.prefix);
    LoadPlan plan{o.prefix, 256, 1024, model.clients, static_cast<double>(model.limit), 0, duration};
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
    ProgressBar bar(ctx.io().out, std::max<int64_t>(1, seconds), ::isatty(STDOUT_FILENO) != 0);
    LoadRun run =
        run_load(ctx, plan, bar, [](const PutLoad&, double elapsed) { return static_cast<int64_t>(elapsed); });
    finish_interrupted(ctx, o, run.signal);
    clean_up(ctx, o);
    const LoadStats& s = run.stats;
    Sink& out = ctx.io().out;
    bool ok = !print_errors(out, s);
    const auto writes = static_cast<int64_t>(s.rps) + 1;
    if (s.rps / static_cast<double>(model.limit) <= 0.9) {
        out.write(fmt::format("FAIL: Throughput too low: {} writes/s\n", writes));
        ok = false;
    } else {
        out.write(fmt::format("PASS: Throughput is {} writes/s\n", writes));
    }
    ok = ok && s.slowest <= 0.5 && s.stddev <= 0.1;
    out.write(s.slowest > 0.5 ? fmt::format("Slowest request took too long: {:.6f}s\n", s.slowest)
                              : fmt::format("PASS: Slowest request took {:.6f}s\n", s.slowest));
    out.write(s.stddev > 0.1 ? fmt::format("Stddev too high: {:.6f}s\n", s.stddev)
                             : fmt::format("PASS: Stddev is {:.6f}s\n", s.stddev));
    out.write(ok ? "PASS\n" : "FAIL\n");
    if (!ok) {
        throw Error::silent(ExitCode::error);
    }
}

// The first endpoint's resident memory, or a FAIL line and exit 1 (after removing the keys).
double memory_or_fail(Context& ctx, const CheckOptions& o, const char* when, bool written) {
    const SessionConfig& config = ctx.session().config();
    const std::string& ep = config.endpoints.front();
    double bytes = endpoint_resident_memory(ep, uses_tls(parse_endpoint(ep), config), ctx.io().out);
    if (bytes == 0) {
        ctx.io().out.write(
            fmt::format("FAIL: Could not read process_resident_memory_bytes {} the put operations.\n", when));
        ctx.io().out.flush();
        if (written) {
            clean_up(ctx, o);
        }
        throw Error::silent(ExitCode::error);
    }
    return bytes;
}

void run_datascale(const CheckOptions& o, Context& ctx) {
    Model model = pick_model(k_datascale_models, o.load);
    refuse_used_prefix(ctx, o.prefix);
    double before = memory_or_fail(ctx, o, "before", false);
    Sink& out = ctx.io().out;
    out.write(fmt::format("Start data scale check for work load [{} key-value pairs, 1024 bytes per key-value, {} "
                          "concurrent clients].\n",
                          model.limit, model.clients));
    out.flush();
    LoadPlan plan{o.prefix, 512, 512, model.clients, 0, model.limit, std::chrono::nanoseconds(0)};
    ProgressBar bar(out, model.limit, ::isatty(STDOUT_FILENO) != 0);
    LoadRun run = run_load(ctx, plan, bar, [](const PutLoad& load, double) { return load.answered(); });
    finish_interrupted(ctx, o, run.signal);
    double after = memory_or_fail(ctx, o, "after", true);
    clean_up(ctx, o);
    if (print_errors(out, run.stats)) {
        throw Error::silent(ExitCode::error);
    }
    out.write(fmt::format("PASS: Approximate system memory used : {:.2f} MB.\n", (after - before) / (1024 * 1024)));
}

// The flags both checks have, with etcdctl's texts.
void add_check_flags(CLI::App* cmd, CheckOptions& o, const std::string& what) {
    add_bool_flag(cmd, "auto-compact", o.auto_compact, "Compact storage with last revision after test is finished.");
    add_bool_flag(cmd, "auto-defrag", o.auto_defrag, "Defragment storage after test is finished.");
    add_value_flag(cmd, "load", o.load, flag_type::k_string,
                   fmt::format("The {} check's workload model. Accepted workloads: s(small), m(medium), l(large), "
                               "xl(xLarge)",
                               what));
    add_value_flag(cmd, "prefix", o.prefix, flag_type::k_string,
                   fmt::format("The prefix for writing the {} check's keys.", what));
}

} // namespace

void add_check_command(CLI::App& root, Context& ctx) {
    auto* check = root.add_subcommand("check", "commands for checking properties of the etcd cluster");
    auto perf = add_command<CheckOptions>(check, ctx, "perf", "Check the performance of the etcd cluster", "[options]",
                                          run_perf);
    perf.options->prefix = "/etcdctl-check-perf/";
    add_check_flags(perf.cmd, *perf.options, "performance");
    add_value_flag(perf.cmd, "duration", perf.options->duration, flag_type::k_duration,
                   "how long to send the load (not in etcdctl, which always takes 60s)");
    describe_command(perf.cmd,
                     "Writes keys under --prefix at the model's rate for --duration, deletes them, and judges "
                     "throughput, slowest request and stddev. Refuses to start when --prefix has keys; an interrupt "
                     "deletes what was written.",
                     {"ectl check perf", "ectl check perf --load=m --duration=10s --auto-compact --auto-defrag"});
    auto ds = add_command<CheckOptions>(
        check, ctx, "datascale",
        "Check the memory usage of holding data for different workloads on a given server endpoint.", "[options]",
        run_datascale);
    ds.options->prefix = "/etcdctl-check-datascale/";
    add_check_flags(ds.cmd, *ds.options, "datascale");
    describe_command(ds.cmd,
                     "If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first "
                     "endpoint will be used.\nMemory is read from the endpoint's /metrics over plain HTTP; TLS "
                     "endpoints are not supported.",
                     {"ectl check datascale --auto-compact --auto-defrag"});
    describe_command(check, "", {"ectl check perf --load=s", "ectl check datascale"});
}

} // namespace ectl
