// migrate: etcdctl 3.4's offline v2 -> v3 data migration. It rewrites a stopped member's data
// files (v2 snapshot and WAL into a bbolt backend), not anything reachable through the API, so
// ectl takes the same flags and says plainly that it does not do it, rather than pretend.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"

namespace ectl {
namespace {

struct MigrateOptions {
    std::vector<std::string> args;
    std::string data_dir;
    std::string wal_dir;
    bool no_ttl = false;
    std::string transformer;
};

void run_migrate(const MigrateOptions& o, Context& /*ctx*/) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("migrate takes no arguments (got \"{}\")", o.args.front()));
    }
    const std::string dir = o.data_dir.empty() ? "<data dir>" : o.data_dir;
    throw Error(ExitCode::bad_feature,
                fmt::format("ectl does not migrate v2 data: stop the member and run etcd 3.4's `ETCDCTL_API=3 "
                            "etcdctl migrate --data-dir {}` (removed in etcd 3.5), then use ectl on the migrated "
                            "member",
                            dir));
}

} // namespace

void add_migrate_command(CLI::App& root, Context& ctx) {
    auto migrate = add_command<MigrateOptions>(&root, ctx, "migrate", "Migrates keys in a v2 store to a mvcc store", "",
                                               run_migrate);
    auto& o = *migrate.options;
    add_value_flag(migrate.cmd, "data-dir", o.data_dir, flag_type::k_string, "Path to the data directory");
    add_value_flag(migrate.cmd, "wal-dir", o.wal_dir, flag_type::k_string, "Path to the WAL directory");
    add_bool_flag(migrate.cmd, "no-ttl", o.no_ttl, "Do not convert TTL keys");
    add_value_flag(migrate.cmd, "transformer", o.transformer, flag_type::k_string,
                   "Path to the user-provided transformer program");
    describe_command(migrate.cmd,
                     "Not supported by ectl: v2 -> v3 migration rewrites a stopped member's data files. ectl accepts "
                     "etcdctl's flags, changes nothing, names etcd 3.4's etcdctl migrate as the tool to use, and exits "
                     "4.",
                     {"ETCDCTL_API=3 etcdctl migrate --data-dir /var/lib/etcd"});
}

} // namespace ectl
