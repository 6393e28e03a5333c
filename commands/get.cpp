// get: read a key or a range of keys; large ranges stream in pages.
#include "commands/commands.hpp"
#include "error.hpp"
#include "kv_flags.hpp"
#include "range_pager.hpp"

namespace ectl {
namespace {

void run_get(const GetOptions& o, Context& ctx) {
    auto req = make_get_request(o);
    ctx.print_options().value_only = o.print_value_only;
    // etcdctl's order: an unknown format first, then this (even for -w table, which cannot print a get).
    if (o.print_value_only && ctx.any_printer().format() != "simple") {
        throw_bad_args("print-value-only is only for `--write-out=simple`");
    }
    print_range(ctx.session(), ctx.printer(), req);
}

} // namespace

void add_get_command(CLI::App& root, Context& ctx) {
    auto get =
        add_command<GetOptions>(&root, ctx, "get", "Gets the key or a range of keys", "<key> [range_end]", run_get);
    bind_get_flags(get.cmd, *get.options);
    describe_command(get.cmd, "",
                     {"ectl get greeting", "ectl get --print-value-only greeting", "ectl get --prefix config/",
                      "ectl get --prefix --keys-only --limit=10 jobs/", "ectl get a e  # the range [a, e)",
                      "ectl get --from-key '' -w json | jq ."});
}

} // namespace ectl
