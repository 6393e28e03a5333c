#include "session/session.hpp"

#include <algorithm>
#include <thread>

#include "session/debug_log.hpp"
#include "session/dialer.hpp"

namespace ectl {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::milliseconds;

constexpr int k_max_reauths = 10;

std::vector<Connection> make_connections(const SessionConfig& config) {
    if (config.endpoints.empty()) {
        throw_bad_args("etcdclient: no available endpoints");
    }
    std::vector<Connection> conns;
    for (const auto& text : config.endpoints) {
        conns.emplace_back(parse_endpoint(text));
    }
    return conns;
}

} // namespace

Session::Session(SessionConfig config)
    : m_config(std::move(config)), m_creds(make_credentials(m_config)), m_conns(make_connections(m_config)),
      m_token(m_config.use_auth, m_config.user, m_config.password) {}

std::unique_ptr<Session> Session::copy(const std::string& only_endpoint) const {
    SessionConfig config = m_config;
    if (!only_endpoint.empty()) {
        config.endpoints = {only_endpoint};
    }
    return std::make_unique<Session>(std::move(config));
}

std::unique_ptr<Session> Session::share() {
    auto shared = std::make_unique<Session>(m_config);
    for (size_t i = 0; i < m_conns.size(); ++i) {
        m_conns[i].open(m_config, m_creds);
        shared->m_conns[i] = m_conns[i].share();
    }
    return shared;
}

bool Session::skips_server_verification() const {
    return m_config.insecure_skip_verify && std::any_of(m_conns.begin(), m_conns.end(), [this](const Connection& c) {
               return uses_tls(c.endpoint(), m_config);
           });
}

void Session::drop_connection() {
    if (m_active >= 0) {
        m_conns[static_cast<size_t>(m_active)].failed = true;
        m_first = (static_cast<size_t>(m_active) + 1) % m_conns.size();
    }
    m_active = -1;
}

// The first dial has the dial timeout to itself, as in etcdctl (which dials before the command's
// clock starts); --dial-timeout=0 leaves it to the command timeout. A re-dial while a call is
// being retried must fit in what is left of that call's time.
void Session::connect(Clock::time_point call_deadline) {
    const DebugLog debug(m_config.debug);
    const bool first = call_deadline == Clock::time_point::max();
    auto budget = m_config.dial_timeout.count() > 0 ? m_config.dial_timeout : m_config.command_timeout;
    auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(budget);
    bool call_bound = !first && call_deadline < deadline;
    deadline = std::min(deadline, call_deadline);
    debug("dialling {} endpoint(s), dial timeout {}", m_conns.size(), format_duration(m_config.dial_timeout));
    m_active = dial_race(m_conns, m_first, m_config, m_creds, deadline, debug);
    if (m_active < 0) {
        bool all_failed = std::all_of(m_conns.begin(), m_conns.end(), [](const Connection& c) { return c.failed; });
        if (call_bound && !all_failed) {
            throw Error(ExitCode::error, "context deadline exceeded");
        }
        const char* which = m_config.dial_timeout.count() > 0 ? "dial" : "command";
        throw unreachable_error(m_conns, m_config, fmt::format("the {} timeout ({})", which, format_duration(budget)));
    }
    m_token.refresh(
        m_conns[static_cast<size_t>(m_active)],
        std::min(call_deadline, Clock::now() + std::chrono::duration_cast<Clock::duration>(m_config.command_timeout)));
}

void Session::run_unary(const UnaryOptions& options, Attempt attempt) {
    const Retry retry = options.retry;
    if (m_active < 0) {
        connect(Clock::time_point::max());
    }
    const auto call_deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(options.timeout);
    const DebugLog debug(m_config.debug);
    int reauths = 0;
    bool refused_for_no_leader = false; // the last try was: time running out is then its error
    for (int tries = 1;; ++tries) {
        if (m_active < 0) {
            connect(call_deadline);
        }
        if (Clock::now() >= call_deadline) {
            if (refused_for_no_leader) {
                throw no_leader_error(retry, options.timeout);
            }
            // As Go's client: a call whose time is up is never sent (gRPC C++ would send it with
            // a rounded-up timeout, and a fast server could still answer it).
            throw Error(ExitCode::error, "context deadline exceeded");
        }
        Connection& conn = m_conns[static_cast<size_t>(m_active)];
        grpc::ClientContext ctx;
        ctx.set_deadline(call_deadline);
        m_token.attach(ctx);
        if (options.require_leader) {
            ctx.AddMetadata("hasleader", "true");
        }
        grpc::Status status = attempt(conn, ctx);
        refused_for_no_leader = no_leader(status);
        if (status.ok()) {
            return;
        }
        // A stale token, or a change to users or roles between the server's permission check
        // and its apply (also for a certificate's CN, which has no token): nothing was applied, so
        // the call goes again, with a fresh token when there is one; a few times, as users and
        // roles may keep changing.
        if (needs_reauth(status) && reauths < k_max_reauths) {
            ++reauths;
            if (m_token.enabled()) {
                m_token.refresh(conn, call_deadline);
            }
            continue;
        }
        if (!may_retry(status, retry) || Clock::now() + milliseconds(50) >= call_deadline) {
            throw refused_for_no_leader ? no_leader_error(retry, options.timeout)
                                        : call_error(status, retry, Clock::now() >= call_deadline);
        }
        debug("{} answered {} ({}); trying again", conn.endpoint().original, go_code_name(status.error_code()),
              status.error_message());
        // Another endpoint may answer; back off briefly so a leader election can finish.
        drop_connection();
        std::this_thread::sleep_for(std::min<Clock::duration>(retry_pause(tries), call_deadline - Clock::now()));
    }
}

Connection& Session::stream_connection() {
    if (m_active < 0) {
        connect(Clock::time_point::max());
    } else {
        // A stream may outlive any token: fetch a fresh one before every (re)open.
        m_token.refresh(m_conns[static_cast<size_t>(m_active)],
                        Clock::now() + std::chrono::duration_cast<Clock::duration>(m_config.command_timeout));
    }
    return m_conns[static_cast<size_t>(m_active)];
}

std::unique_ptr<grpc::ClientContext> Session::stream_context(const StreamOptions& options) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    m_token.attach(*ctx);
    if (options.require_leader) {
        ctx->AddMetadata("hasleader", "true");
    }
    if (options.timeout.count() > 0) {
        ctx->set_deadline(Clock::now() + std::chrono::duration_cast<Clock::duration>(options.timeout));
    }
    return ctx;
}

} // namespace ectl
