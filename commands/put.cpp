// put: store a key, value from the argument or standard input; with ectl's safe-write flags,
// attach it to a new lease (--ttl) or write it only under a condition (--if-*).
#include <optional>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "concurrency/lease_session.hpp"
#include "error.hpp"
#include "kv_flags.hpp"
#include "parse.hpp"
#include "session/session.hpp"
#include "write_conditions.hpp"

namespace ectl {
namespace {

// A write that did not happen must not leave its lease behind (best effort: it expires anyway).
void revoke_quietly(Context& ctx, int64_t id) {
    etcdserverpb::LeaseRevokeRequest req;
    req.set_id(id);
    try {
        ctx.session().call(&etcdserverpb::Lease::Stub::LeaseRevoke, req, Retry::write);
    } catch (const Error&) {
        // the error that matters is the put's
    }
}

etcdserverpb::PutResponse write(Context& ctx, const etcdserverpb::PutRequest& req, const WriteConditions& c) {
    if (!c.any()) {
        return ctx.session().call(&etcdserverpb::KV::Stub::Put, req, Retry::write);
    }
    etcdserverpb::RequestOp op;
    *op.mutable_request_put() = req;
    return write_if(ctx.session(), req.key(), c, std::move(op)).response_put();
}

void run_put(const PutOptions& o, Context& ctx) {
    std::string stdin_value;
    bool from_stdin = put_needs_stdin(o);
    if (from_stdin) {
        stdin_value = ctx.io().in.read_all();
    }
    auto req = make_put_request(o, from_stdin ? &stdin_value : nullptr);
    WriteConditions conditions = parse_write_conditions(o.conditions);
    int64_t ttl = o.ttl.empty() ? 0 : parse_ttl_seconds("ttl", o.ttl);
    if (ttl > 0 && (req.lease() != 0 || req.ignore_lease())) {
        throw_bad_args("--ttl grants a lease of its own: it cannot be combined with --lease or --ignore-lease");
    }
    check_send_size(req);
    auto& printer = ctx.printer();
    if (ttl == 0) {
        if (!conditions.any() && ctx.defer_write(req)) {
            return; // batch --txn: sent in the batch's next Txn, printed from its response
        }
        printer.put(write(ctx, req, conditions));
        return;
    }
    auto lease = grant_lease(ctx.session(), ttl); // nobody keeps it alive: the key goes when it expires
    req.set_lease(lease.id());
    etcdserverpb::PutResponse resp;
    try {
        resp = write(ctx, req, conditions);
    } catch (const Error&) {
        revoke_quietly(ctx, lease.id());
        throw;
    }
    make_printer("simple", {}, ctx.io().err)->lease_grant(lease); // lease grant's line, on stderr
    printer.put_leased(resp, lease);
}

} // namespace

void add_put_command(CLI::App& root, Context& ctx) {
    auto put =
        add_command<PutOptions>(&root, ctx, "put", "Puts the given key into the store", "<key> <value>", run_put);
    describe_command(put.cmd,
                     "Puts the given key into the store.\n\n"
                     "When <value> begins with '-', <value> is interpreted as a flag, unless it is a negative\n"
                     "number such as -5, which is stored as given. Insert '--' for workaround:\n\n"
                     "$ put <key> -- <value>\n$ put -- <key> <value>\n\n"
                     "If <value> isn't given as a command line argument and '--ignore-value' is not specified,\n"
                     "this command tries to read the value from standard input.\n\n"
                     "For example,\n$ cat file | put <key>\nwill store the content of the file to <key>.\n\n"
                     "--if-absent, --if-mod-rev and --if-value make the put one transaction: it happens only if the "
                     "key is as stated, else nothing is written, the error says what the key is (\"compare failed: "
                     "key \"a\" exists (mod_revision 7)\") and the exit status is 65. --ttl grants a lease and "
                     "attaches the key to it in the same command; the key is deleted when the TTL runs out.",
                     {"ectl put greeting hello", "ectl put --prev-kv greeting 'hello again'",
                      "ectl put config < config.json", "ectl put --lease=1234abcd session/worker1 alive",
                      "ectl put -- temperature -10.5", "ectl put --ttl=30s jobs/42/claim worker-1",
                      "ectl put --if-absent jobs/42/owner worker-1", "ectl put --if-value=3 counter 4",
                      "ectl put --if-mod-rev=17 config/app '{\"replicas\": 3}'"});
    bind_put_flags(put.cmd, *put.options);
    bind_put_extras(put.cmd, *put.options);
}

} // namespace ectl
