// A test-only front end to src/restore for tests/e2e/test_restore_files.py:
//   ectl_restore_tool plan    NAME INITIAL_CLUSTER TOKEN PEER_URLS
//   ectl_restore_tool records NAME INITIAL_CLUSTER TOKEN PEER_URLS
//   ectl_restore_tool write   NAME INITIAL_CLUSTER TOKEN PEER_URLS WAL_DIR SNAP_DIR
// plan prints "cluster <id>", "local <id>" and "member <id> <name> <url>..." lines (IDs in hex);
// records prints "<key> <value>" lines; a failure prints "Error: <message>" and exits 1.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "restore/restore.hpp"

namespace {

int run(const std::vector<std::string>& args) {
    using namespace ectl::restore;
    const bool write = !args.empty() && args[0] == "write";
    if (args.size() != (write ? 7U : 5U)) {
        std::fputs("usage: ectl_restore_tool plan|records|write NAME INITIAL_CLUSTER TOKEN PEER_URLS "
                   "[WAL_DIR SNAP_DIR]\n",
                   stderr);
        return 2;
    }
    ClusterPlan plan = plan_cluster(args[1], args[2], args[3], args[4]);
    if (args[0] == "plan") {
        fmt::print("cluster {:x}\nlocal {:x}\n", plan.cluster_id, plan.local_id);
        for (const auto& member : plan.members) {
            fmt::print("member {:x} {} {}\n", member.id, member.name, fmt::join(member.peer_urls, " "));
        }
    } else if (args[0] == "records") {
        for (const auto& [key, value] : member_records(plan)) {
            fmt::print("{} {}\n", key, value);
        }
    } else if (write) {
        write_wal_and_snap(plan, args[5], args[6]);
    } else {
        std::fprintf(stderr, "unknown action %s\n", args[0].c_str());
        return 2;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Error: %s\n", e.what());
        return 1;
    }
}
