// del: remove a key or a range of keys; ectl adds a conditional delete and a dry run.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "kv_flags.hpp"
#include "session/session.hpp"
#include "write_conditions.hpp"

namespace ectl {
namespace {

// What del would print, read at one revision: every format prints it as del (--prev-kv shows
// the values too); simple without --prev-kv lists the keys alone under the count.
void dry_run(const etcdserverpb::DeleteRangeRequest& del, Context& ctx) {
    etcdserverpb::RangeRequest req;
    req.set_key(del.key());
    req.set_range_end(del.range_end());
    req.set_keys_only(!del.prev_kv());
    ctx.print_options().keys_only = !del.prev_kv();
    auto& printer = ctx.printer();
    auto found = ctx.session().call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
    if (printer.format() == "simple" && !del.prev_kv()) {
        std::string text = fmt::format("{}\n", found.kvs_size());
        for (const auto& kv : found.kvs()) {
            text += kv.key() + "\n";
        }
        ctx.io().out.write(text);
    } else {
        etcdserverpb::DeleteRangeResponse resp;
        *resp.mutable_header() = found.header();
        resp.set_deleted(found.kvs_size());
        *resp.mutable_prev_kvs() = std::move(*found.mutable_kvs());
        printer.del(resp);
    }
    ctx.io().err.write(
        fmt::format("dry run: nothing was deleted (the keys as of revision {})\n", found.header().revision()));
}

etcdserverpb::DeleteRangeResponse delete_if(const DelOptions& o, const etcdserverpb::DeleteRangeRequest& req,
                                            Context& ctx) {
    if (o.prefix || o.from_key || o.args.size() > 1) {
        throw_bad_args("--if-mod-rev deletes one key: it cannot be combined with --prefix, --from-key or a range_end");
    }
    WriteConditionFlags flags;
    flags.if_mod_rev = o.if_mod_rev;
    etcdserverpb::RequestOp op;
    *op.mutable_request_delete_range() = req;
    return write_if(ctx.session(), req.key(), parse_write_conditions(flags), std::move(op)).response_delete_range();
}

void run_del(const DelOptions& o, Context& ctx) {
    auto req = make_del_request(o);
    if (o.dry_run) {
        if (o.if_mod_rev) {
            throw_bad_args("--dry-run cannot be combined with --if-mod-rev");
        }
        dry_run(req, ctx);
        return;
    }
    auto& printer = ctx.printer();
    if (o.if_mod_rev) {
        printer.del(delete_if(o, req, ctx));
        return;
    }
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
    bind_del_extras(del.cmd, *del.options);
    describe_command(del.cmd,
                     "--if-mod-rev makes the delete one transaction: the key goes only if its mod_revision is the "
                     "one given, else nothing is deleted, the error says what the key is and the exit status is "
                     "65. --dry-run reads what the same del would remove and prints it as del would, deleting "
                     "nothing.",
                     {"ectl del greeting", "ectl del --prev-kv --prefix jobs/", "ectl del a e  # [a, e)",
                      "ectl del --dry-run --prefix jobs/", "ectl del --if-mod-rev=17 config/app"});
}

} // namespace ectl
