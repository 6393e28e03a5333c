// make-mirror: copy a prefix to another cluster and keep applying its changes there.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "mirror.hpp"
#include "parse.hpp"
#include "session/session.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

struct MakeMirrorOptions {
    std::vector<std::string> args;
    std::string prefix;
    std::string dest_prefix;
    bool no_dest_prefix = false;
    std::string max_txn_ops = "128";
    DestinationTls dest_tls;
};

// The prefix/dest-prefix pair after etcdctl's checks (it checks after dialling; ectl first).
MirrorSpec make_mirror_spec(const MakeMirrorOptions& o) {
    if (o.no_dest_prefix && !o.dest_prefix.empty()) {
        throw_bad_args("`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one");
    }
    MirrorSpec spec;
    spec.prefix = o.prefix;
    spec.dest_prefix = o.no_dest_prefix || !o.dest_prefix.empty() ? o.dest_prefix : o.prefix;
    spec.max_txn_ops = parse_int_flag("max-txn-ops", o.max_txn_ops);
    if (spec.max_txn_ops < 1) {
        throw_bad_args(fmt::format("--max-txn-ops must be at least 1 (got {})", spec.max_txn_ops));
    }
    return spec;
}

void run_make_mirror(const MakeMirrorOptions& o, Context& ctx) {
    if (o.args.size() != 1) {
        throw_bad_args("make-mirror takes one destination argument");
    }
    MirrorSpec spec = make_mirror_spec(o);
    Session& source = ctx.session();
    Session dest(destination_config(source.config(), o.args[0], o.dest_tls));
    // Shared with the signal thread, which may still call stop() while this returns.
    auto mirror = std::make_shared<Mirror>(source, dest, spec, Notes(ctx.io().err, "make-mirror"));
    on_signal([mirror](int signo) { mirror->stop(signo); });
    std::atomic<int64_t> applied{0};
    int signo = 0;
    {
        CountTicker ticker(ctx.io().out, applied);
        signo = mirror->run(applied);
    }
    // Like watch: ended by a signal, silently, with the shell's 128+N.
    throw Error::silent(ExitStatus::signal(signo));
}

} // namespace

void add_make_mirror_command(CLI::App& root, Context& ctx) {
    auto mm =
        add_command<MakeMirrorOptions>(&root, ctx, "make-mirror", "Makes a mirror at the destination etcd cluster",
                                       "[options] <destination>", run_make_mirror);
    describe_command(
        mm.cmd,
        "Copies the keys under --prefix as of one revision, then applies every later put and delete, each source "
        "revision as one txn (split at --max-txn-ops ops), until interrupted. Prints the number of keys applied "
        "every 30 seconds. After a lost source connection it resumes from the last applied revision; a "
        "destination that stays unreachable ends it with an error naming the last applied revision.",
        {"ectl make-mirror --prefix app/ 127.0.0.1:22379",
         "ectl make-mirror --prefix app/ --dest-prefix backup/app/ 127.0.0.1:22379",
         "ectl make-mirror --prefix app/ --no-dest-prefix --dest-cacert ca.pem https://10.0.0.2:2379"});
    auto& o = *mm.options;
    add_value_flag(mm.cmd, "dest-cacert", o.dest_tls.ca_file, flag_type::k_string,
                   "Verify certificates of TLS enabled secure servers using this CA bundle");
    add_value_flag(mm.cmd, "dest-cert", o.dest_tls.cert_file, flag_type::k_string,
                   "Identify secure client using this TLS certificate file for the destination cluster");
    add_bool_flag(mm.cmd, "dest-insecure-transport", o.dest_tls.insecure_transport,
                  "Disable transport security for client connections");
    add_value_flag(mm.cmd, "dest-key", o.dest_tls.key_file, flag_type::k_string,
                   "Identify secure client using this TLS key file");
    add_value_flag(mm.cmd, "dest-prefix", o.dest_prefix, flag_type::k_string,
                   "destination prefix to mirror a prefix to a different prefix in the destination cluster");
    add_value_flag(mm.cmd, "max-txn-ops", o.max_txn_ops, flag_type::k_int,
                   "the most operations in one destination txn; a source revision with more is split (not in etcdctl)");
    add_bool_flag(mm.cmd, "no-dest-prefix", o.no_dest_prefix,
                  "mirror key-values to the root of the destination cluster");
    add_value_flag(mm.cmd, "prefix", o.prefix, flag_type::k_string, "Key-value prefix to mirror");
}

} // namespace ectl
