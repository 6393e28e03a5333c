// move-leader: transfers leadership to another member, asking the leader (found among
// --endpoints by their status) to hand over.
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "parse.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::Maintenance;

struct MoveLeaderOptions {
    std::vector<std::string> args;
};

// -w json and protobuf print the response itself (etcd sends it without a header: "{}"); fields
// and table have no view, as in etcdctl. simple is written by run_move_leader: it names the two
// members, which the response does not carry.
const Views<etcdserverpb::MoveLeaderResponse> k_move_views{};

uint64_t target_from_args(const std::vector<std::string>& args) {
    if (args.size() != 1) {
        throw_bad_args("move-leader command needs 1 argument");
    }
    uint64_t target = 0;
    std::string err = go_parse_uint(args[0], 16, target);
    if (!err.empty()) {
        throw_bad_args(err);
    }
    return target;
}

// The endpoint whose member is the leader, by asking each endpoint's status in turn. An endpoint
// that does not answer is passed over (etcdctl stops at it); its error is reported only when no
// endpoint named the leader.
std::pair<std::string, uint64_t> find_leader(Context& ctx) {
    const auto& endpoints = ctx.process().settings().endpoints;
    std::optional<Error> failure;
    for (const auto& ep : endpoints) {
        try {
            auto st =
                ctx.session().copy(ep)->call(&Maintenance::Stub::Status, etcdserverpb::StatusRequest(), Retry::read);
            if (st.header().member_id() == st.leader()) {
                return {ep, st.leader()};
            }
        } catch (const Error& e) {
            failure = e;
        }
    }
    if (failure) {
        throw Error(ExitCode::error, failure->what());
    }
    throw_bad_args(fmt::format("no leader endpoint given at [{}]", absl::StrJoin(endpoints, " ")));
}

void run_move_leader(const MoveLeaderOptions& o, Context& ctx) {
    uint64_t target = target_from_args(o.args);
    // The format is checked before anything is sent: etcdctl moves the leader and only then
    // finds that it cannot print the answer (exit 4).
    Printer& printer = ctx.any_printer();
    bool simple = printer.format() == "simple";
    if (!simple) {
        printer.check(k_move_views);
    }
    auto [endpoint, leader] = find_leader(ctx);
    etcdserverpb::MoveLeaderRequest req;
    req.set_targetid(target);
    auto resp = ctx.session().copy(endpoint)->call(&Maintenance::Stub::MoveLeader, req, Retry::write);
    if (simple) {
        // As etcdctl's types.ID prints member IDs: hex without padding.
        ctx.io().out.write(fmt::format("Leadership transferred from {:x} to {:x}\n", leader, target));
    } else {
        printer.print(resp, k_move_views);
    }
}

} // namespace

void add_move_leader_command(CLI::App& root, Context& ctx) {
    auto cmd = add_command<MoveLeaderOptions>(&root, ctx, "move-leader",
                                              "Transfers leadership to another etcd cluster member.",
                                              "<transferee-member-id>", run_move_leader);
    describe_command(cmd.cmd,
                     "The leader is found among --endpoints by asking each for its status, so list the leader's "
                     "endpoint (or all of them); the member ID is the hex ID that `ectl member list` and "
                     "`ectl endpoint status` print.",
                     {"ectl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader 8211f1d0f64f3269"});
}

} // namespace ectl
