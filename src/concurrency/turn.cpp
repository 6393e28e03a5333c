#include "concurrency/turn.hpp"

#include <optional>

#include <fmt/format.h>

#include "child_process.hpp"
#include "concurrency/events.hpp"
#include "concurrency/key_wait.hpp"
#include "concurrency/lease_session.hpp"
#include "concurrency/supervise.hpp"
#include "error.hpp"
#include "parse.hpp"
#include "signals.hpp"

namespace ectl {

int64_t parse_session_ttl(const std::string& text) {
    int64_t ttl = parse_int_flag("ttl", text);
    if (ttl <= 0) {
        throw_bad_args(
            fmt::format("invalid argument \"{}\" for \"--ttl\" flag: must be a positive number of seconds", text));
    }
    return ttl;
}

namespace {

// How the wait for the lock ended.
enum class Outcome { acquired, stopped, busy };

class Turn {
public:
    Turn(Context& ctx, const TurnOptions& options, const ContenderFactory& make_contender)
        : m_ctx(ctx), m_o(options), m_make(make_contender), m_notes(ctx.io().err, options.command_name) {}

    void run();

private:
    Outcome acquire();
    void hold();
    void cleanup();
    void report();
    [[noreturn]] void report_not_acquired();

    Context& m_ctx;
    const TurnOptions& m_o;
    const ContenderFactory& m_make;
    std::shared_ptr<TurnEvents> m_events = std::make_shared<TurnEvents>();
    Notes m_notes;
    const std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    ResolvedCommand m_resolved;
    std::unique_ptr<LeaseSession> m_lease;
    std::unique_ptr<Contender> m_contender;
    std::unique_ptr<KeyGuard> m_guard;
    Outcome m_outcome = Outcome::stopped;
    etcdserverpb::RangeResponse m_acquired;
    std::optional<TurnEvent> m_hold_end;
    std::optional<SupervisedEnd> m_command_end;
};

void Turn::run() {
    if (!m_o.command.empty()) {
        // A command that cannot run fails before anything is locked, like a shell (127 or 126).
        m_resolved = resolve_command(m_o.command.front());
        if (m_resolved.status != ExitCode::success) {
            throw Error(m_resolved.status, m_resolved.error);
        }
    }
    m_ctx.printer(); // an unknown -w fails before any network traffic
    auto events = m_events;
    on_signal([events](int signo) { events->signal(signo); });
    Session& rpc = m_ctx.session();
    try {
        m_lease = std::make_unique<LeaseSession>(rpc, m_o.ttl, m_notes,
                                                 [events](const std::string& why) { events->lost(why); });
        m_contender = m_make(rpc, m_lease->lease_id());
        m_outcome = acquire();
        if (m_outcome == Outcome::acquired) {
            hold();
        }
    } catch (const Error&) {
        cleanup();
        throw;
    }
    cleanup();
    report();
}

Outcome Turn::acquire() {
    if (m_o.timeout.count() > 0) {
        m_events->set_alarm(m_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(m_o.timeout));
    }
    if (m_events->stop_cause()) {
        return Outcome::stopped;
    }
    bool first = m_contender->enqueue();
    if (!first && m_o.try_only) {
        return Outcome::busy;
    }
    if (!first && !m_contender->wait(*m_events, m_notes)) {
        return Outcome::stopped;
    }
    m_events->cancel_alarm();
    if (m_events->stop_cause()) {
        return Outcome::stopped;
    }
    // Jepsen's etcd#11456: a waiter whose lease expired while it waited must not go ahead.
    m_acquired = m_contender->verify();
    if (m_acquired.kvs().empty()) {
        m_events->lost(
            fmt::format("our key {} is gone (its lease expired or was revoked while waiting)", m_contender->key()));
        return Outcome::stopped;
    }
    return Outcome::acquired;
}

void Turn::hold() {
    const std::string& key = m_contender->key();
    m_guard = std::make_unique<KeyGuard>(m_ctx.session(), m_notes, *m_events, key, m_acquired.header().revision() + 1);
    if (m_o.command.empty()) {
        m_ctx.printer().get(m_acquired);
        m_ctx.io().out.flush();
        TurnEvent ev;
        do {
            m_events->next(ev, std::nullopt);
        } while (ev.kind != TurnEvent::Kind::signal && ev.kind != TurnEvent::Kind::lost);
        m_hold_end = ev;
        return;
    }
    if (m_events->stop_cause()) {
        m_outcome = Outcome::stopped; // signalled or lost just before the command would start
        return;
    }
    EnvList env = {m_o.key_env + "=" + key, fmt::format("{}={}", m_o.rev_env, m_contender->revision())};
    SupervisedChild child = start_supervised_child(m_resolved.path, m_o.command, env);
    m_command_end = supervise_child(child, *m_events, k_kill_grace);
}

void Turn::cleanup() {
    if (m_guard) {
        m_guard->stop();
    }
    m_events->cancel_alarm();
    if (m_contender) {
        std::string why = m_contender->release();
        if (!why.empty()) {
            m_notes.note(
                fmt::format("could not delete {} ({}); it goes away when its lease expires", m_contender->key(), why));
        }
    }
    if (m_lease) {
        std::string why = m_lease->close();
        if (!why.empty()) {
            m_notes.note(fmt::format("could not revoke lease {:016x} ({}); it expires within {}s", m_lease->lease_id(),
                                     why, m_lease->ttl()));
        }
    }
}

void Turn::report() {
    if (m_command_end) {
        const SupervisedEnd& end = *m_command_end;
        if (end.lost) {
            throw Error(ExitCode::lost,
                        fmt::format("{} while the command ran: {}; {}", m_o.lost_label, end.reason, end.fate));
        }
        if (end.status != 0) {
            throw Error::silent(ExitStatus::child(end.status)); // the command's own status
        }
        return;
    }
    if (m_hold_end) {
        if (m_hold_end->kind == TurnEvent::Kind::lost) {
            throw Error(ExitCode::lost, fmt::format("{}: {}", m_o.lost_label, m_hold_end->reason));
        }
        return; // signalled: released and revoked
    }
    report_not_acquired();
}

void Turn::report_not_acquired() {
    const std::string not_run = m_o.command.empty() ? "" : "; the command was not run";
    auto held_by = [this] {
        std::string holder = m_contender ? m_contender->holder() : "";
        return holder.empty() ? std::string() : fmt::format(" (held by {})", holder);
    };
    if (m_outcome == Outcome::busy) {
        throw Error(ExitCode::not_acquired,
                    fmt::format("{} is held by another session{} (--try){}", m_o.subject, held_by(), not_run));
    }
    auto cause = m_events->stop_cause();
    if (cause && cause->kind == TurnEvent::Kind::timeout) {
        throw Error(ExitCode::not_acquired, fmt::format("timed out after {} waiting for {}{}{}", m_o.timeout_text,
                                                        m_o.subject, held_by(), not_run));
    }
    if (cause && cause->kind == TurnEvent::Kind::lost) {
        throw Error(ExitCode::lost, fmt::format("{} while waiting: {}{}", m_o.lost_label, cause->reason, not_run));
    }
    // With or without a command, the same words and the shell's status for the signal (etcdctl's
    // plain waiter says "context canceled" and exits 1, as if the server had failed).
    int signo = cause ? cause->value : 0;
    throw Error(ExitStatus::signal(signo),
                fmt::format("interrupted by {} while waiting for {}{}", signal_name(signo), m_o.subject, not_run));
}

} // namespace

void run_turn(Context& ctx, const TurnOptions& options, const ContenderFactory& make_contender) {
    Turn(ctx, options, make_contender).run();
}

} // namespace ectl
