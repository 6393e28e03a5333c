// defrag: defragments the storage of each member named by --endpoints (or every member, --cluster).
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "endpoint_checks.hpp"
#include "endpoints.hpp"
#include "error.hpp"
#include "file.hpp"
#include "session/session.hpp"
#include "snapshot/defrag_db.hpp"

namespace ectl {
namespace {

struct DefragOptions {
    std::vector<std::string> args;
    bool cluster = false;
    std::string data_dir;
};

// As etcdctl: nothing on stdout when done, one "Failed ..." line on stderr and exit 1 when not.
void defrag_offline(const std::string& data_dir, Context& ctx) {
    try {
        defragment_db(clean_path(data_dir + "/member/snap/db"));
    } catch (const Error& e) {
        ctx.io().err.write(fmt::format("Failed to defragment etcd data[{}] ({})\n", data_dir, e.what()));
        throw Error::silent(e.status());
    }
}

// One member at a time, never all at once: a member does not serve requests while it
// defragments, so defragmenting every member together would stall the whole cluster.
void run_defrag(const DefragOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("defrag takes no arguments (got \"{}\")", o.args.front()));
    }
    if (!o.data_dir.empty()) {
        defrag_offline(o.data_dir, ctx);
        return;
    }
    size_t finished = 0;
    std::optional<Error> failure;
    for (const auto& ep : command_endpoints(ctx, o.cluster)) {
        try {
            ctx.session().copy(ep)->call(&etcdserverpb::Maintenance::Stub::Defragment,
                                         etcdserverpb::DefragmentRequest(), Retry::write);
            ctx.io().out.write(fmt::format("Finished defragmenting etcd member[{}]\n", ep));
            ++finished;
        } catch (const Error& e) {
            ctx.io().err.write(fmt::format("Failed to defragment etcd member[{}] ({})\n", ep, e.what()));
            failure = e;
        }
    }
    if (failure) {
        // As etcdctl: no Error line, the members that failed are named above.
        throw Error::silent(partial_failure_status(finished, *failure));
    }
}

} // namespace

void add_defrag_command(CLI::App& root, Context& ctx) {
    auto defrag = add_command<DefragOptions>(
        &root, ctx, "defrag", "Defragments the storage of the etcd members with given endpoints", "", run_defrag);
    add_bool_flag(defrag.cmd, "cluster", defrag.options->cluster, "use all endpoints from the cluster member list");
    add_value_flag(defrag.cmd, "data-dir", defrag.options->data_dir, flag_type::k_string,
                   "Optional. If present, defragments a data directory not in use by etcd.");
    describe_command(
        defrag.cmd,
        "Defragmenting gives the space freed by compaction back to the file system; it is what "
        "recovers a member from the NOSPACE alarm after `ectl compact` (then `ectl alarm disarm`). "
        "Members are defragmented one at a time, in the order given. With --data-dir, the database of a "
        "stopped member is rewritten in place (a compact copy made beside it, then renamed onto it); a "
        "database a running etcd holds is refused at once (etcdctl waits for it forever).",
        {"ectl defrag --cluster", "ectl --endpoints=127.0.0.1:2379 defrag", "ectl defrag --data-dir /var/lib/etcd"});
}

} // namespace ectl
