// put: store a key, value from the argument or standard input.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/kv_requests.hpp"
#include "error.hpp"
#include "parse.hpp"

namespace ectl {
namespace {

constexpr const char* k_put_usage = "put command needs 1 argument and input from stdin or 2 arguments";

void run_put(const PutOptions& o, Context& ctx) {
    std::string stdin_value;
    bool from_stdin = put_needs_stdin(o);
    if (from_stdin) {
        stdin_value = ctx.io().read_stdin();
    }
    auto req = make_put_request(o, from_stdin ? &stdin_value : nullptr);
    if (static_cast<int64_t>(req.ByteSizeLong()) > Session::k_max_send_bytes) {
        throw Error(ExitCode::error,
                    fmt::format("request is too large: {} bytes, more than the {} bytes a client may send "
                                "(etcd itself accepts 1.5 MiB by default)",
                                req.ByteSizeLong(), Session::k_max_send_bytes));
    }
    auto& printer = ctx.printer();
    printer.put(ctx.session().put(req));
}

} // namespace

bool put_needs_stdin(const PutOptions& o) {
    return !o.args.empty() && o.args.size() == 1 && !o.ignore_value;
}

etcdserverpb::PutRequest make_put_request(const PutOptions& o, const std::string* stdin_value) {
    if (o.args.empty()) {
        throw_bad_args(k_put_usage);
    }
    if (o.ignore_value && o.args.size() > 1) {
        throw_bad_args("put command needs only 1 argument when 'ignore-value' is set");
    }
    if (o.args.size() > 2) {
        throw_bad_args(
            fmt::format("{} (got {} arguments; quote a value that contains spaces)", k_put_usage, o.args.size()));
    }
    etcdserverpb::PutRequest req;
    req.set_key(o.args[0]);
    if (!o.ignore_value) {
        if (o.args.size() > 1) {
            req.set_value(o.args[1]);
        } else if (stdin_value == nullptr || stdin_value->empty()) {
            throw_bad_args(k_put_usage); // an explicit '' is a value; empty stdin is not
        } else {
            req.set_value(*stdin_value);
        }
    }
    int64_t lease = parse_lease_id(o.lease, "bad lease ID");
    if (lease < 0) {
        throw_bad_args(fmt::format("bad lease ID (\"{}\" is negative), expecting ID in Hex", o.lease));
    }
    if (req.key().empty()) {
        throw_bad_args("key is not provided (etcd keys cannot be empty)");
    }
    req.set_lease(lease);
    req.set_prev_kv(o.prev_kv);
    req.set_ignore_value(o.ignore_value);
    req.set_ignore_lease(o.ignore_lease);
    return req;
}

void add_put_command(CLI::App& root, Context& ctx) {
    auto o = std::make_shared<PutOptions>();
    auto* cmd = root.add_subcommand("put", "Puts the given key into the store");
    cmd->footer("When <value> begins with '-', <value> is interpreted as a flag.\n"
                "Insert '--' for workaround:\n\n  $ put <key> -- <value>\n  $ put -- <key> <value>\n\n"
                "If <value> isn't given as a command line argument and '--ignore-value' is not specified,\n"
                "this command tries to read the value from standard input.\n\n"
                "For example,\n  $ cat file | put <key>\nwill store the content of the file to <key>.");
    add_args(cmd, ctx, o->args, "<key> <value>");
    cmd->add_option("--lease", o->lease, "lease ID (in hexadecimal) to attach to the key")->default_str("\"0\"");
    add_bool_flag(cmd, "prev-kv", o->prev_kv, "return the previous key-value pair before modification");
    add_bool_flag(cmd, "ignore-value", o->ignore_value, "updates the key using its current value");
    add_bool_flag(cmd, "ignore-lease", o->ignore_lease, "updates the key using its current lease");
    on_run(cmd, ctx, [o, &ctx] { run_put(*o, ctx); });
}

} // namespace ectl
