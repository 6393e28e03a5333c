// del: remove a key or a range of keys.
#include "commands/commands.hpp"
#include "kv_requests.hpp"

namespace ectl {
namespace {

void run_del(const DelOptions& o, Context& ctx) {
    auto req = make_del_request(o);
    auto& printer = ctx.printer();
    printer.del(ctx.session().delete_range(req));
}

} // namespace

void add_del_command(CLI::App& root, Context& ctx) {
    auto o = std::make_shared<DelOptions>();
    auto* cmd = root.add_subcommand("del", "Removes the specified key or range of keys [key, range_end)");
    add_args(cmd, ctx, o->args, "<key> [range_end]");
    bind_del_flags(cmd, *o);
    on_run(cmd, ctx, [o, &ctx] { run_del(*o, ctx); });
}

} // namespace ectl
