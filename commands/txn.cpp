// txn: read compares, success requests and failure requests from stdin and commit them atomically.
#include <memory>

#include "commands/commands.hpp"
#include "error.hpp"
#include "kv_requests.hpp"
#include "session/session.hpp"
#include "txn_parse.hpp"

namespace ectl {
namespace {

struct TxnOptions {
    std::vector<std::string> args;
    bool interactive = false;
};

void run_txn(const TxnOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args("txn command does not accept argument");
    }
    // Like etcdctl, settle the output format and the client before reading any input.
    auto& printer = ctx.printer();
    Session& session = ctx.session();
    // Lines are read as they come: the txn is committed after its last empty line without
    // waiting for the end of input (a user may be typing).
    NextLine next = [&ctx](std::string& line) { return ctx.io().in.read_line(line); };
    etcdserverpb::TxnRequest req;
    for (TxnSection section : {TxnSection::compares, TxnSection::success, TxnSection::failure}) {
        if (o.interactive) {
            ctx.io().out.write(std::string(txn_prompt(section)) + "\n");
            ctx.io().out.flush();
        }
        read_txn_section(section, next, req);
    }
    check_send_size(req);
    printer.txn(session.call(&etcdserverpb::KV::Stub::Txn, req, txn_retry(req)));
}

} // namespace

void add_txn_command(CLI::App& root, Context& ctx) {
    auto txn =
        add_command<TxnOptions>(&root, ctx, "txn", "Txn processes all the requests in one transaction", "", run_txn);
    describe_command(
        txn.cmd,
        "Reads from standard input: compares, one per line, then an empty line; success requests (put, get, del "
        "with their flags), then an empty line; failure requests, then an empty line.\n"
        "Compares: value(\"k\") = \"v\", version(\"k\") > \"1\", create(\"k\") = \"0\", mod(\"k\") < \"9\", "
        "lease(\"k\") = \"<hex ID>\"; operators = != < >.\n"
        "Arguments may be quoted: 'single quotes' keep their text, \"double quotes\" take Go escapes (\\n, \\x41, "
        "\\u00e9).",
        {"printf 'mod(\"k\") > \"0\"\\n\\nput k v2\\n\\nput k v1\\n\\n' | ectl txn", "ectl txn -i"});
    txn.cmd->get_option("args")->group(""); // only there to reject arguments with etcdctl's message
    add_bool_flag(txn.cmd, "interactive", txn.options->interactive, "Input transaction in interactive mode", 'i');
}

} // namespace ectl
