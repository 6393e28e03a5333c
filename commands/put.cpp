// put: store a key, value from the argument or standard input.
#include "commands/commands.hpp"
#include "error.hpp"
#include "kv_flags.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

void run_put(const PutOptions& o, Context& ctx) {
    std::string stdin_value;
    bool from_stdin = put_needs_stdin(o);
    if (from_stdin) {
        stdin_value = ctx.io().in.read_all();
    }
    auto req = make_put_request(o, from_stdin ? &stdin_value : nullptr);
    check_send_size(req);
    auto& printer = ctx.printer();
    if (ctx.defer_write(req)) {
        return; // batch --txn: sent in the batch's next Txn, printed from its response
    }
    printer.put(ctx.session().call(&etcdserverpb::KV::Stub::Put, req, Retry::write));
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
                     "For example,\n$ cat file | put <key>\nwill store the content of the file to <key>.",
                     {"ectl put greeting hello", "ectl put --prev-kv greeting 'hello again'",
                      "ectl put config < config.json", "ectl put --lease=1234abcd session/worker1 alive",
                      "ectl put -- temperature -10.5"});
    bind_put_flags(put.cmd, *put.options);
}

} // namespace ectl
