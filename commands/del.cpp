// del: remove a key or a range of keys.
#include "commands/commands.hpp"
#include "commands/kv_requests.hpp"
#include "error.hpp"
#include "key_range.hpp"

namespace ectl {
namespace {

void run_del(const DelOptions& o, Context& ctx) {
    auto req = make_del_request(o);
    auto& printer = ctx.printer();
    printer.del(ctx.session().delete_range(req));
}

} // namespace

etcdserverpb::DeleteRangeRequest make_del_request(const DelOptions& o) {
    if (o.args.empty() || o.args.size() > 2) {
        throw_bad_args("del command needs one argument as key and an optional argument as range_end");
    }
    if (o.prefix && o.from_key) {
        throw_bad_args("`--prefix` and `--from-key` cannot be set at the same time, choose one");
    }
    if (o.args.size() > 1 && (o.prefix || o.from_key)) {
        throw_bad_args("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
    }
    KeyRange range = resolve_key_range(o.args[0], o.args.size() > 1 ? &o.args[1] : nullptr, o.prefix, o.from_key);
    etcdserverpb::DeleteRangeRequest req;
    req.set_key(range.key);
    req.set_range_end(range.range_end);
    req.set_prev_kv(o.prev_kv);
    return req;
}

void add_del_command(CLI::App& root, Context& ctx) {
    auto o = std::make_shared<DelOptions>();
    auto* cmd = root.add_subcommand("del", "Removes the specified key or range of keys [key, range_end)");
    add_args(cmd, ctx, o->args, "<key> [range_end]");
    add_bool_flag(cmd, "prefix", o->prefix, "delete keys with matching prefix");
    add_bool_flag(cmd, "prev-kv", o->prev_kv, "return deleted key-value pairs");
    add_bool_flag(cmd, "from-key", o->from_key,
                  "delete keys that are greater than or equal to the given key using byte compare");
    on_run(cmd, ctx, [o, &ctx] { run_del(*o, ctx); });
}

} // namespace ectl
