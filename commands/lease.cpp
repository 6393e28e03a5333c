// lease: grant, revoke, timetolive, list and keep-alive.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "lease_keeper.hpp"
#include "lease_requests.hpp"
#include "session/session.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

using etcdserverpb::Lease;

struct LeaseOptions {
    std::vector<std::string> args;
    bool keys = false; // timetolive --keys
    bool once = false; // keep-alive --once
};

// etcdctl wraps grant and revoke failures in its own words; the exit status stays the session's.
template <typename Call>
auto wrap_error(const char* what, Call&& call) {
    try {
        return call();
    } catch (const Error& e) {
        throw Error(e.status(), fmt::format("failed to {} lease ({})", what, e.what()));
    }
}

// etcdctl exits with ExitBadConnection for every failure of timetolive, list and keep-alive --once.
template <typename Call>
auto as_bad_connection(Call&& call) {
    try {
        return call();
    } catch (const Error& e) {
        if (e.status() == ExitCode::error) {
            throw Error(ExitCode::bad_connection, e.what());
        }
        throw;
    }
}

void run_grant(const LeaseOptions& o, Context& ctx) {
    auto req = make_lease_grant_request(o.args);
    auto& printer = ctx.printer();
    auto& session = ctx.session(); // bad global flags are not a failure to grant
    printer.lease_grant(wrap_error("grant", [&] { return session.call(&Lease::Stub::LeaseGrant, req, Retry::write); }));
}

void run_revoke(const LeaseOptions& o, Context& ctx) {
    etcdserverpb::LeaseRevokeRequest req;
    req.set_id(lease_id_from_args(o.args, "lease revoke command needs 1 argument"));
    auto& printer = ctx.printer();
    auto& session = ctx.session();
    auto resp = wrap_error("revoke", [&] { return session.call(&Lease::Stub::LeaseRevoke, req, Retry::write); });
    printer.lease_revoke(req.id(), resp);
}

void run_time_to_live(const LeaseOptions& o, Context& ctx) {
    auto req = make_lease_time_to_live_request(o.args, o.keys);
    auto& printer = ctx.printer();
    auto resp = as_bad_connection([&] { return ctx.session().call(&Lease::Stub::LeaseTimeToLive, req, Retry::read); });
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
    etcdserverpb::LeaseLeasesRequest req;
    printer.lease_list(
        as_bad_connection([&] { return ctx.session().call(&Lease::Stub::LeaseLeases, req, Retry::read); }));
}

// keep-alive --once: one renewal within the command timeout.
void renew_once(int64_t id, Context& ctx) {
    auto& printer = ctx.printer();
    Session& session = ctx.session();
    StreamOptions options;
    options.timeout = session.config().command_timeout;
    auto stream = session.open_stream(&Lease::Stub::LeaseKeepAlive, options);
    etcdserverpb::LeaseKeepAliveRequest req;
    req.set_id(id);
    etcdserverpb::LeaseKeepAliveResponse resp;
    bool written = stream->write(req);
    if (!written || !stream->read(resp)) {
        if (!written) {
            stream->cancel(); // the read side may still be open: do not wait for it
        }
        throw Error(ExitCode::bad_connection, stream->finish().message);
    }
    if (resp.ttl() <= 0) {
        // clientv3's KeepAliveOnce error, with etcdctl's exit status for it.
        throw Error(ExitCode::bad_connection, "etcdserver: requested lease not found");
    }
    printer.lease_keep_alive(resp);
}

// Prints every renewal as it comes and tells the main thread how the keep-alive ended.
class RenewalPrinter : public LeaseListener {
public:
    RenewalPrinter(int64_t id, Printer& printer, Sink& out) : m_id(id), m_printer(printer), m_out(out) {}

    void renewed(const etcdserverpb::LeaseKeepAliveResponse& resp) override {
        m_printer.lease_keep_alive(resp);
        m_out.flush(); // a closed stdout ends the keep-alive here (Error io)
    }
    // An unreachable server is ridden out (a restarted one still has the lease, D-1); a cluster
    // without a leader for a whole TTL cannot have renewed it, so the keep-alive ends (D-5).
    void may_have_expired(std::chrono::seconds silent, bool leaderless) override {
        if (leaderless) {
            ended(LeaseEnd{false, Error(ExitCode::error,
                                        fmt::format("lease {:016x} may have expired: no renewal for {}s, the cluster "
                                                    "has no leader (quorum lost)",
                                                    m_id, silent.count()))});
        }
    }
    void ended(const LeaseEnd& end) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_end = end;
        m_cv.notify_all();
    }
    void signal(int signo) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_signo = signo;
        m_cv.notify_all();
    }
    // Waits until the keeper ends or a signal arrives; returns the signal (0: the keeper ended).
    int wait(LeaseEnd& end) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [this] { return m_end || m_signo != 0; });
        if (m_end) {
            end = *m_end;
        }
        return m_end ? 0 : m_signo;
    }

private:
    int64_t m_id;
    Printer& m_printer;
    Sink& m_out;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::optional<LeaseEnd> m_end;
    int m_signo = 0;
};

// Renews until the server says the lease is gone (exit 1), a signal arrives (128+signal,
// silently) or stdout fails (exit 6). Lost contact is ridden out, with notes on stderr.
void keep_renewing(int64_t id, Context& ctx) {
    auto& printer = ctx.printer();
    auto listener = std::make_shared<RenewalPrinter>(id, printer, ctx.io().out);
    on_signal([listener](int signo) { listener->signal(signo); });
    LeaseKeeperOptions options;
    options.id = id;
    LeaseKeeper keeper(ctx.session(), Notes(ctx.io().err, "lease keep-alive"), options, listener);
    LeaseEnd end;
    int signo = listener->wait(end);
    keeper.stop();
    on_signal(nullptr);
    if (signo != 0) {
        throw Error::silent(ExitStatus::signal(signo));
    }
    if (end.error) {
        throw *end.error;
    }
    if (printer.format() == "simple") { // etcdctl prints its last line only there
        ctx.io().out.write(fmt::format("lease {:016x} expired or revoked.\n", id));
    }
    throw Error(ExitCode::error, fmt::format("lease {:016x} not found: expired or revoked", id));
}

void run_keep_alive(const LeaseOptions& o, Context& ctx) {
    int64_t id = lease_id_from_args(o.args, "lease keep-alive command needs lease ID as argument");
    if (o.once) {
        renew_once(id, ctx);
    } else {
        keep_renewing(id, ctx);
    }
}

} // namespace

void add_lease_command(CLI::App& root, Context& ctx) {
    auto* lease = root.add_subcommand("lease", "Lease related commands");
    add_command<LeaseOptions>(lease, ctx, "grant", "Creates leases", "<ttl>", run_grant);
    add_command<LeaseOptions>(lease, ctx, "revoke", "Revokes leases", "<leaseID>", run_revoke);
    auto ttl =
        add_command<LeaseOptions>(lease, ctx, "timetolive", "Get lease information", "<leaseID>", run_time_to_live);
    add_bool_flag(ttl.cmd, "keys", ttl.options->keys, "Get keys attached to this lease");
    add_command<LeaseOptions>(lease, ctx, "list", "List all active leases", "", run_list);
    auto keep =
        add_command<LeaseOptions>(lease, ctx, "keep-alive", "Keeps leases alive (renew)", "<leaseID>", run_keep_alive);
    add_bool_flag(keep.cmd, "once", keep.options->once,
                  "Resets the keep-alive time to its original value and exits immediately");
    describe_command(lease, "",
                     {"ectl lease grant 60", "ectl put --lease=694d77aa9e38260f session/worker1 alive",
                      "ectl lease timetolive --keys 694d77aa9e38260f", "ectl lease keep-alive 694d77aa9e38260f",
                      "ectl lease list", "ectl lease revoke 694d77aa9e38260f"});
}

} // namespace ectl
