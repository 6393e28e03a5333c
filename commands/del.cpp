// del: remove a key or a range of keys.
#include "commands/commands.hpp"
#include "kv_flags.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

void run_del(const DelOptions& o, Context& ctx) {
    auto req = make_del_request(o);
    auto& printer = ctx.printer();
    if (ctx.defer_write(req)) {
        return; // batch --txn: sent in the batch's next Txn, printed from its response
    }
    printer.del(ctx.session().call(&etcdserverpb::KV::Stub::DeleteRange, req, Retry::write));
}

} // namespace

void add_del_command(CLI::App& root, Context& ctx) {
    auto del = add_command<DelOptions>(&root, ctx, "del", "Removes the specified key or range of keys [key, range_end)",
                                       "<key> [range_end]", run_del);
    bind_del_flags(del.cmd, *del.options);
    describe_command(del.cmd, "", {"ectl del greeting", "ectl del --prev-kv --prefix jobs/", "ectl del a e  # [a, e)"});
}

} // namespace ectl
