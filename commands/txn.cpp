// txn: read compares, success requests and failure requests from stdin and commit them atomically.
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "commands/commands.hpp"
#include "error.hpp"
#include "kv_requests.hpp"
#include "txn_parse.hpp"

namespace ectl {
namespace {

struct TxnOptions {
    std::vector<std::string> args;
    bool interactive = false;
};

// Lines of standard input, read as they come: the txn is committed after its last empty line
// without waiting for the end of input (a user may be typing).
NextLine stdin_lines() {
    auto buffer = std::make_shared<std::string>();
    return [buffer](std::string& line) {
        for (;;) {
            size_t nl = buffer->find('\n');
            if (nl != std::string::npos) {
                line = buffer->substr(0, nl);
                buffer->erase(0, nl + 1);
                return true;
            }
            char chunk[4096];
            ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return false; // a last line without "\n" is the end of input, as in etcdctl
            }
            buffer->append(chunk, static_cast<size_t>(n));
        }
    };
}

void run_txn(const TxnOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args("txn command does not accept argument");
    }
    // Like etcdctl, settle the output format and the client before reading any input.
    auto& printer = ctx.printer();
    Session& session = ctx.session();
    NextLine next = stdin_lines();
    etcdserverpb::TxnRequest req;
    for (TxnSection section : {TxnSection::compares, TxnSection::success, TxnSection::failure}) {
        if (o.interactive) {
            ctx.io().out.write(std::string(txn_prompt(section)) + "\n");
            ctx.io().out.flush();
        }
        read_txn_section(section, next, req);
    }
    check_send_size(req);
    printer.txn(session.txn(req));
}

} // namespace

void add_txn_command(CLI::App& root, Context& ctx) {
    auto o = std::make_shared<TxnOptions>();
    auto* cmd = root.add_subcommand("txn", "Txn processes all the requests in one transaction");
    cmd->footer(
        "Reads from standard input: compares, one per line, then an empty line; success requests (put, get, del "
        "with their flags), then an empty line; failure requests, then an empty line.\n"
        "Compares: value(\"k\") = \"v\", version(\"k\") > \"1\", create(\"k\") = \"0\", mod(\"k\") < \"9\", "
        "lease(\"k\") = \"<hex ID>\"; operators = != < >.\n"
        "Arguments may be quoted: 'single quotes' keep their text, \"double quotes\" take Go escapes (\\n, \\x41, "
        "\\u00e9).");
    add_args(cmd, ctx, o->args, "");
    cmd->get_option("args")->group(""); // only there to reject arguments with etcdctl's message
    cmd->add_flag("-i,--interactive", o->interactive, "Input transaction in interactive mode")->default_str("false");
    on_run(cmd, ctx, [o, &ctx] { run_txn(*o, ctx); });
}

} // namespace ectl
