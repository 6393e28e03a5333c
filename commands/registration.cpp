// register: service registration. Puts KEY VALUE under a lease kept alive while ectl runs (or while
// its command runs), registers again if the lease is lost, and revokes it at the end so the key
// disappears at once instead of after the TTL.
#include <fmt/format.h>

#include "child_process.hpp"
#include "commands/commands.hpp"
#include "concurrency/events.hpp"
#include "concurrency/registration.hpp"
#include "concurrency/supervise.hpp"
#include "error.hpp"
#include "parse.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

struct RegisterOptions {
    std::vector<std::string> args;
    std::string ttl = "10s";
};

constexpr const char* k_footer =
    "Puts <key> <value> under a new lease of --ttl and keeps the lease alive. Without a command, holds until "
    "SIGINT, SIGTERM or SIGHUP (exit 0). With a command (put -- before it when it has options), holds while it "
    "runs, with ETCD_REGISTER_KEY set; SIGINT/SIGTERM/SIGHUP are forwarded to it, ectl exits with its status, and "
    "the command's process group dies with ectl, even on kill -9. At the end the lease is revoked, so the key is "
    "gone at once; after a kill -9 it goes when the TTL runs out. If the lease is lost (it expired during an outage, "
    "or was revoked) or the key is deleted, the key is registered again under a new lease and a note on stderr says "
    "so. Each registration is printed as put --ttl prints it (-w jsonl: the revision, lease and ttl).";

// Holds until a signal; a supervised command's events are the child's exit and forwarded signals.
void hold_until_signal(TurnEvents& events) {
    TurnEvent ev;
    while (events.next(ev, std::nullopt) && ev.kind != TurnEvent::Kind::signal) {
    }
}

void run_register(const RegisterOptions& o, Context& ctx) {
    if (o.args.size() < 2) {
        throw_bad_args("register needs a key and a value, and optionally a command to run: register <key> <value> "
                       "[-- command args...]");
    }
    RegistrationSpec spec{o.args[0], o.args[1], parse_ttl_seconds("ttl", o.ttl)};
    std::vector<std::string> command(o.args.begin() + 2, o.args.end());
    ResolvedCommand resolved;
    if (!command.empty()) {
        resolved = resolve_command(command.front()); // 127/126 before anything is registered, like a shell
        if (resolved.status != ExitCode::success) {
            throw Error(resolved.status, resolved.error);
        }
    }
    auto& printer = ctx.printer();
    auto events = std::make_shared<TurnEvents>();
    on_signal([events](int signo) { events->signal(signo); });
    Notes notes(ctx.io().err, "register");
    // As put --ttl: the lease on stderr (whole lines: later registrations come from another thread).
    Registration registration(ctx.session(), notes, spec, [&ctx, &printer, notes](const auto& put, const auto& lease) {
        make_printer("simple", {}, notes.sink())->lease_grant(lease);
        printer.put_leased(put, lease);
        ctx.io().out.flush();
    });
    registration.start();
    int status = 0;
    if (command.empty()) {
        hold_until_signal(*events);
    } else {
        SupervisedChild child = start_supervised_child(resolved.path, command, {"ETCD_REGISTER_KEY=" + spec.key});
        status = supervise_child(child, *events, k_kill_grace).status;
    }
    std::string why = registration.stop();
    if (!why.empty()) {
        notes.note(fmt::format("could not revoke the lease ({}); the key goes when its TTL runs out", why));
    }
    if (status != 0) {
        throw Error::silent(ExitStatus::child(status));
    }
}

} // namespace

void add_register_command(CLI::App& root, Context& ctx) {
    auto reg = add_command<RegisterOptions>(&root, ctx, "register",
                                            "Registers a key under a lease kept alive while ectl (or a command) runs",
                                            "<key> <value> [exec-command arg1 arg2 ...]", run_register);
    describe_command(reg.cmd, k_footer,
                     {"ectl register services/api/10.0.0.5:8080 '{\"port\":8080}' --ttl 10s -- ./api-server",
                      "ectl register --ttl 5s workers/$(hostname) alive",
                      "ectl register -w jsonl nodes/n1 up | jq -r .lease"});
    add_value_flag(reg.cmd, "ttl", reg.options->ttl, flag_type::k_duration,
                   "the lease's TTL (e.g. 10s): how long the key outlives a kill -9");
}

} // namespace ectl
