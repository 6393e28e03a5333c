// lease: grant, revoke, timetolive, list and keep-alive.
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/lease_requests.hpp"
#include "error.hpp"
#include "keepalive.hpp"
#include "parse.hpp"

namespace ectl {
namespace {

struct LeaseOptions {
    std::vector<std::string> args;
    bool keys = false; // timetolive --keys
    bool once = false; // keep-alive --once
};

// etcdctl wraps grant and revoke failures in its own words; the exit code stays the session's.
template <typename Call>
auto wrap_error(const char* what, Call&& call) {
    try {
        return call();
    } catch (const Error& e) {
        throw Error(e.code(), fmt::format("failed to {} lease ({})", what, e.what()));
    }
}

// etcdctl exits with ExitBadConnection for every failure of timetolive and list (keep-alive maps its own).
template <typename Call>
auto as_bad_connection(Call&& call) {
    try {
        return call();
    } catch (const Error& e) {
        if (e.code() == ExitCode::error) {
            throw Error(ExitCode::bad_connection, e.what());
        }
        throw;
    }
}

void run_grant(const LeaseOptions& o, Context& ctx) {
    auto req = make_lease_grant_request(o.args);
    auto& printer = ctx.printer();
    auto& session = ctx.session(); // bad global flags are not a failure to grant
    auto resp = wrap_error("grant", [&] { return session.lease_grant(req); });
    printer.lease_grant(resp);
}

void run_revoke(const LeaseOptions& o, Context& ctx) {
    etcdserverpb::LeaseRevokeRequest req;
    req.set_id(lease_id_from_args(o.args, "lease revoke command needs 1 argument"));
    auto& printer = ctx.printer();
    auto& session = ctx.session();
    auto resp = wrap_error("revoke", [&] { return session.lease_revoke(req); });
    printer.lease_revoke(req.id(), resp);
}

void run_time_to_live(const LeaseOptions& o, Context& ctx) {
    auto req = make_lease_time_to_live_request(o.args, o.keys);
    auto& printer = ctx.printer();
    auto resp = as_bad_connection([&] { return ctx.session().lease_time_to_live(req); });
    printer.lease_time_to_live(resp, o.keys);
    if (resp.ttl() < 0) {
        // etcdctl exits 0 here (etcd#19261); a script must be able to tell.
        throw Error(ExitCode::error, fmt::format("lease {:016x} not found: already expired or revoked", req.id()));
    }
}

void run_list(const LeaseOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("lease list takes no arguments (got \"{}\")", o.args.front()));
    }
    auto& printer = ctx.printer();
    auto resp = as_bad_connection([&] { return ctx.session().lease_leases(etcdserverpb::LeaseLeasesRequest()); });
    printer.lease_list(resp);
}

void run_keep_alive(const LeaseOptions& o, Context& ctx) {
    KeepAliveOptions ka;
    ka.id = lease_id_from_args(o.args, "lease keep-alive command needs lease ID as argument");
    ka.once = o.once;
    auto& printer = ctx.printer();
    ka.print_expired = printer.format() == "simple"; // etcdctl prints its last line only there
    ka.once_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.session_config().command_timeout);
    keep_lease_alive(ctx.session(), printer, ctx.io().out, ctx.io().err, ka);
}

// Adds one lease subcommand with its own options; returns both for adding flags.
std::pair<CLI::App*, std::shared_ptr<LeaseOptions>> add_sub(CLI::App* lease, Context& ctx, const char* name,
                                                            const char* help, const char* args,
                                                            void (*run)(const LeaseOptions&, Context&)) {
    auto o = std::make_shared<LeaseOptions>();
    auto* cmd = lease->add_subcommand(name, help);
    add_args(cmd, ctx, o->args, args);
    on_run(cmd, ctx, [o, run, &ctx] { run(*o, ctx); });
    return {cmd, o};
}

} // namespace

etcdserverpb::LeaseGrantRequest make_lease_grant_request(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw_bad_args("lease grant command needs TTL argument");
    }
    if (args.size() > 1) {
        throw_bad_args(fmt::format("lease grant command needs exactly one TTL argument (got {})", args.size()));
    }
    int64_t ttl = 0;
    std::string err = go_parse_int(args[0], 10, ttl);
    if (!err.empty()) {
        throw_bad_args(fmt::format("bad TTL ({})", err));
    }
    if (ttl <= 0) {
        throw_bad_args(fmt::format("bad TTL ({}): TTL must be > 0", args[0]));
    }
    etcdserverpb::LeaseGrantRequest req;
    req.set_ttl(ttl);
    return req;
}

int64_t lease_id_from_args(const std::vector<std::string>& args, const std::string& usage) {
    if (args.empty()) {
        throw_bad_args(usage);
    }
    if (args.size() > 1) {
        throw_bad_args(fmt::format("{} (got {} arguments; exactly one lease ID is expected)", usage, args.size()));
    }
    int64_t id = parse_lease_id(args[0], "bad lease ID arg");
    if (id < 0) {
        throw_bad_args(fmt::format("bad lease ID arg (\"{}\" is negative), expecting ID in Hex", args[0]));
    }
    return id;
}

etcdserverpb::LeaseTimeToLiveRequest make_lease_time_to_live_request(const std::vector<std::string>& args, bool keys) {
    etcdserverpb::LeaseTimeToLiveRequest req;
    req.set_id(lease_id_from_args(args, "lease timetolive command needs lease ID as argument"));
    req.set_keys(keys);
    return req;
}

void add_lease_command(CLI::App& root, Context& ctx) {
    auto* lease = root.add_subcommand("lease", "Lease related commands");
    add_sub(lease, ctx, "grant", "Creates leases", "<ttl>", run_grant);
    add_sub(lease, ctx, "revoke", "Revokes leases", "<leaseID>", run_revoke);
    auto ttl = add_sub(lease, ctx, "timetolive", "Get lease information", "<leaseID>", run_time_to_live);
    add_bool_flag(ttl.first, "keys", ttl.second->keys, "Get keys attached to this lease");
    add_sub(lease, ctx, "list", "List all active leases", "", run_list);
    auto keep = add_sub(lease, ctx, "keep-alive", "Keeps leases alive (renew)", "<leaseID>", run_keep_alive);
    add_bool_flag(keep.first, "once", keep.second->once,
                  "Resets the keep-alive time to its original value and exits immediately");
}

} // namespace ectl
