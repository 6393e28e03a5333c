// compaction (alias compact): discard the key history before a revision.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "kv_requests.hpp"

namespace ectl {
namespace {

void run_compaction(const CompactionOptions& o, Context& ctx) {
    auto req = make_compaction_request(o);
    ctx.printer(); // an unknown -w fails (exit 4) before the RPC; every known format prints the same line
    ctx.session().compact(req);
    ctx.io().out.write(fmt::format("compacted revision {}\n", req.revision()));
}

} // namespace

void add_compaction_command(CLI::App& root, Context& ctx) {
    auto o = std::make_shared<CompactionOptions>();
    auto* cmd = root.add_subcommand("compaction", "Compacts the event history in etcd");
    cmd->alias("compact");
    add_args(cmd, ctx, o->args, "<revision>");
    bind_compaction_flags(cmd, *o);
    on_run(cmd, ctx, [o, &ctx] { run_compaction(*o, ctx); });
}

} // namespace ectl
