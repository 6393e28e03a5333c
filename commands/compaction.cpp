// compaction (alias compact): discard the key history before a revision.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "kv_flags.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

void run_compaction(const CompactionOptions& o, Context& ctx) {
    auto req = make_compaction_request(o);
    ctx.any_printer(); // an unknown -w fails (exit 4) before the RPC; every known format prints the same line
    ctx.session().call(&etcdserverpb::KV::Stub::Compact, req, Retry::write);
    ctx.io().out.write(fmt::format("compacted revision {}\n", req.revision()));
}

} // namespace

void add_compaction_command(CLI::App& root, Context& ctx) {
    auto compaction = add_command<CompactionOptions>(&root, ctx, "compaction", "Compacts the event history in etcd",
                                                     "<revision>", run_compaction);
    compaction.cmd->alias("compact");
    bind_compaction_flags(compaction.cmd, *compaction.options);
    describe_command(
        compaction.cmd, "",
        {"ectl compaction 1234", "ectl compaction --physical \"$(ectl get x -w json | jq .header.revision)\""});
}

} // namespace ectl
