// wait: block until a key exists, has a value, or is gone (the tutorials' work-report recipe,
// and what CI scripts write as sleep-and-poll loops).
#include <chrono>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "concurrency/events.hpp"
#include "concurrency/key_condition.hpp"
#include "concurrency/key_wait.hpp"
#include "concurrency/supervise.hpp"
#include "error.hpp"
#include "key_range.hpp"
#include "parse.hpp"
#include "session/session.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

struct WaitOptions {
    std::vector<std::string> args;
    std::optional<std::string> value;
    bool absent = false;
    bool exists = false;
    bool prefix = false;
    std::string timeout = "0s";
};

KeyCondition condition_of(const WaitOptions& o) {
    if (static_cast<int>(o.value.has_value()) + static_cast<int>(o.absent) + static_cast<int>(o.exists) > 1) {
        throw_bad_args("--value, --absent and --exists are different conditions: give one of them");
    }
    KeyCondition c;
    if (o.value) {
        c.kind = KeyCondition::Kind::value;
        c.value = *o.value;
    } else if (o.absent) {
        c.kind = KeyCondition::Kind::absent;
    }
    return c;
}

// Reads the range into state, page by page at one revision while values matter; returns the
// revision of the read.
int64_t read_state(Session& rpc, const KeyRange& range, KeyConditionState& state) {
    auto req = state.read_request(range.key, range.range_end);
    auto page = rpc.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
    state.reset(page);
    const int64_t revision = page.header().revision();
    req.set_revision(revision);
    while (state.wants_more(page)) {
        req.set_key(page.kvs(page.kvs_size() - 1).key() + std::string(1, '\0'));
        page = rpc.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
        state.add(page);
    }
    return revision;
}

// Reads the range, then watches it from the read's revision + 1 until the condition holds (true)
// or events stop the wait (false). A watch the server cancels (compaction) starts over.
bool wait_for(Session& rpc, TurnEvents& events, const Notes& notes, const KeyRange& range, KeyConditionState& state) {
    while (!events.stop_cause()) {
        int64_t revision = read_state(rpc, range, state);
        if (state.holds()) {
            return true;
        }
        bool met = false;
        WatchSpec spec{range.key, range.range_end, revision + 1, false};
        bool watched = watch_until(rpc, events, notes, spec, [&](const etcdserverpb::WatchResponse& resp) {
            met = state.apply(resp);
            return met;
        });
        if (met || !watched) {
            return met;
        }
    }
    return false;
}

[[noreturn]] void report_not_met(const WaitOptions& o, const TurnEvents& events, const std::string& what) {
    auto cause = events.stop_cause();
    if (cause && cause->kind == TurnEvent::Kind::timeout) {
        throw Error(ExitCode::not_acquired, fmt::format("timed out after {} waiting for {}", o.timeout, what));
    }
    int signo = cause ? cause->value : 0;
    throw Error(ExitStatus::signal(signo),
                fmt::format("interrupted by {} while waiting for {}", signal_name(signo), what));
}

void run_wait(const WaitOptions& o, Context& ctx) {
    if (o.args.size() != 1) {
        throw_bad_args("wait needs one argument: the key (or the prefix, with --prefix)");
    }
    KeyCondition condition = condition_of(o);
    auto timeout = parse_duration_flag("timeout", o.timeout);
    KeyRange range = resolve_key_range(o.args[0], nullptr, o.prefix, false);
    const std::string what = describe_range(range.key, range.range_end) + " " + condition.describe();
    auto& printer = ctx.printer();
    auto events = std::make_shared<TurnEvents>();
    if (timeout.count() > 0) {
        events->set_alarm(std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout));
    }
    on_signal([events](int signo) { events->signal(signo); });
    KeyConditionState state(condition);
    bool met = false;
    try {
        met = wait_for(ctx.session(), *events, Notes(ctx.io().err, "wait"), range, state);
    } catch (const Error&) {
        on_signal(nullptr);
        throw;
    }
    on_signal(nullptr); // signals have their usual effect again (a batch goes on after a wait line)
    events->cancel_alarm();
    if (!met) {
        report_not_met(o, *events, what);
    }
    if (auto kv = state.witness()) {
        etcdserverpb::RangeResponse found;
        *found.mutable_header() = state.header();
        *found.add_kvs() = *kv;
        found.set_count(1);
        printer.get(found);
    }
}

} // namespace

void add_wait_command(CLI::App& root, Context& ctx) {
    auto wait = add_command<WaitOptions>(&root, ctx, "wait", "Waits until a key exists, has a value, or is absent",
                                         "<key>", run_wait);
    describe_command(
        wait.cmd,
        "Returns (exit 0) as soon as the condition holds: the key exists (the default, or --exists), has the value "
        "given with --value, or is absent (--absent); with --prefix, any key under the prefix (for --absent: none). "
        "The condition is checked by a read, then by a watch from that read's revision + 1, so no change slips in "
        "between; after a lost connection the watch resumes where it was. Prints the key that made the condition "
        "hold (nothing for --absent). Exit status: 75 when --timeout expires; 128+N when ended by signal N.",
        {"ectl wait jobs/42/status --value done --timeout 10m", "ectl wait --prefix --exists services/api/",
         "ectl wait --absent locks/migration", "ectl wait -w jsonl config/ready | jq -r .value"});
    add_optional_flag(wait.cmd, "value", wait.options->value, flag_type::k_string,
                      "wait until the key (any key under --prefix) has this value");
    add_bool_flag(wait.cmd, "absent", wait.options->absent, "wait until the key (every key under --prefix) is gone");
    add_bool_flag(wait.cmd, "exists", wait.options->exists, "wait until the key (any key under --prefix) exists");
    add_bool_flag(wait.cmd, "prefix", wait.options->prefix, "the key is a prefix");
    add_value_flag(wait.cmd, "timeout", wait.options->timeout, flag_type::k_duration,
                   "give up after this long (e.g. 30s; exit 75); 0 waits as long as it takes");
}

} // namespace ectl
