#include "context.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "parse.hpp"
#include "password.hpp"
#include "signals.hpp"

namespace ectl {

Printer& Context::printer() {
    if (!m_printer) {
        // etcdctl checks these just before it sets up the output format.
        if (!m_empty_flags.empty()) {
            throw_bad_args(fmt::format("empty string is passed to --{} option", m_empty_flags.front()));
        }
        PrintOptions options = m_print_options;
        options.hex = m_globals.hex;
        m_printer = make_printer(m_globals.write_out, options, m_io.out);
    }
    return *m_printer;
}

SessionConfig Context::session_config() const {
    const GlobalOptions& g = m_globals;
    SessionConfig c;
    for (const auto& item : g.endpoints) {
        for (auto& ep : split_csv(item)) {
            if (!ep.empty()) {
                c.endpoints.push_back(ep);
            }
        }
    }
    c.dial_timeout = parse_duration_flag("dial-timeout", g.dial_timeout);
    c.command_timeout = parse_duration_flag("command-timeout", g.command_timeout);
    c.keepalive_time = parse_duration_flag("keepalive-time", g.keepalive_time);
    c.keepalive_timeout = parse_duration_flag("keepalive-timeout", g.keepalive_timeout);
    c.insecure_transport = g.insecure_transport;
    c.insecure_skip_verify = g.insecure_skip_tls_verify;
    c.cert_file = g.cert;
    c.key_file = g.key;
    c.ca_file = g.cacert;
    if (!g.insecure_discovery) {
        c.server_name = g.discovery_srv;
    }
    resolve_credentials(g.user, g.password, c);
    return c;
}

namespace {

// etcdctl --debug dumps every global flag as ETCDCTL_NAME=value (sorted); secrets are redacted.
std::string debug_dump(const GlobalOptions& g) {
    auto redact_user = [](const std::string& user) {
        auto colon = user.find(':');
        return colon == std::string::npos ? user : user.substr(0, colon) + ":***";
    };
    std::string endpoints;
    for (const auto& e : g.endpoints) {
        endpoints += endpoints.empty() ? e : "," + e;
    }
    auto b = [](bool v) { return v ? "true" : "false"; };
    return fmt::format("ETCDCTL_CACERT={}\nETCDCTL_CERT={}\nETCDCTL_COMMAND_TIMEOUT={}\nETCDCTL_DEBUG=true\n"
                       "ETCDCTL_DIAL_TIMEOUT={}\nETCDCTL_DISCOVERY_SRV={}\nETCDCTL_DISCOVERY_SRV_NAME={}\n"
                       "ETCDCTL_ENDPOINTS=[{}]\nETCDCTL_HEX={}\nETCDCTL_INSECURE_DISCOVERY={}\n"
                       "ETCDCTL_INSECURE_SKIP_TLS_VERIFY={}\nETCDCTL_INSECURE_TRANSPORT={}\n"
                       "ETCDCTL_KEEPALIVE_TIME={}\nETCDCTL_KEEPALIVE_TIMEOUT={}\nETCDCTL_KEY={}\n"
                       "ETCDCTL_PASSWORD={}\nETCDCTL_USER={}\nETCDCTL_WRITE_OUT={}\n",
                       g.cacert, g.cert, g.command_timeout, g.dial_timeout, g.discovery_srv, g.discovery_srv_name,
                       endpoints, b(g.hex), b(g.insecure_discovery), b(g.insecure_skip_tls_verify),
                       b(g.insecure_transport), g.keepalive_time, g.keepalive_timeout, g.key,
                       g.password.empty() ? "" : "***", redact_user(g.user), g.write_out);
}

} // namespace

Session& Context::session() {
    if (!m_session) {
        start_signal_thread(); // from here on a command may block (prompt, dial, RPC)
        SessionConfig config = session_config();
        if (m_globals.debug) {
            m_io.err.write(debug_dump(m_globals));
            m_io.err.flush();
            config.debug = &m_io.err;
        }
        m_session = std::make_unique<Session>(std::move(config));
    }
    return *m_session;
}

} // namespace ectl
