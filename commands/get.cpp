// get: read a key or a range of keys; large ranges stream in pages. ectl adds --require (fail
// when nothing matched) and --watch (the config-centre recipe: read, then follow every change).
#include <memory>

#include "commands/commands.hpp"
#include "error.hpp"
#include "key_range.hpp"
#include "kv_flags.hpp"
#include "range_pager.hpp"
#include "signals.hpp"
#include "watch_output.hpp"

namespace ectl {
namespace {

// Streams the range's changes after revision: the read showed everything up to it, the watch
// starts right after, so no change is missed or shown twice whatever happened in between.
[[noreturn]] void follow(const etcdserverpb::RangeRequest& req, int64_t revision, Context& ctx) {
    auto watcher = make_printing_watcher(ctx, "get");
    WatchSpec spec;
    spec.key = req.key();
    spec.range_end = req.range_end();
    spec.start_revision = revision + 1;
    watcher->add(spec);
    on_signal([watcher](int signo) { watcher->stop(signo); });
    finish_watch(
        watcher->run([&ctx](size_t, const etcdserverpb::WatchResponse& resp) { print_watch_response(ctx, resp); }));
}

void run_get(const GetOptions& o, Context& ctx) {
    auto req = make_get_request(o);
    ctx.print_options().value_only = o.print_value_only;
    ctx.print_options().keys_only = o.keys_only;
    // etcdctl's order: an unknown format first, then this (even for -w table, which cannot print a get).
    if (o.print_value_only && ctx.any_printer().format() != "simple") {
        throw_bad_args("print-value-only is only for `--write-out=simple`");
    }
    RangeCheck require;
    if (o.require) {
        require = [&req](const etcdserverpb::RangeResponse& first) {
            if (first.count() == 0) { // before any output: an error prints nothing on stdout
                throw Error(ExitCode::not_found, "no match for " + describe_range(req.key(), req.range_end()));
            }
        };
    }
    RangeSummary read = print_range(ctx.session(), ctx.printer(), req, require);
    if (o.watch) {
        ctx.io().out.flush();
        follow(req, req.revision() != 0 ? req.revision() : read.revision, ctx);
    }
}

} // namespace

void add_get_command(CLI::App& root, Context& ctx) {
    auto get =
        add_command<GetOptions>(&root, ctx, "get", "Gets the key or a range of keys", "<key> [range_end]", run_get);
    bind_get_flags(get.cmd, *get.options);
    bind_get_extras(get.cmd, *get.options);
    describe_command(get.cmd,
                     "--require makes a read that matches no key an error (exit 66). --watch prints the keys, then "
                     "every later change to the same range as watch prints it, from the revision of the read + 1: "
                     "nothing is missed or repeated, across reconnects too.",
                     {"ectl get greeting", "ectl get --print-value-only greeting", "ectl get --prefix config/",
                      "ectl get --prefix --keys-only --limit=10 jobs/", "ectl get a e  # the range [a, e)",
                      "ectl get --from-key '' -w json | jq .", "ectl get --require feature/flag",
                      "ectl get --prefix --watch -w jsonl config/"});
}

} // namespace ectl
