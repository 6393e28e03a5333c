#include "context.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "parse.hpp"
#include "password.hpp"

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

Session& Context::session() {
    if (!m_session) {
        m_session = std::make_unique<Session>(session_config());
    }
    return *m_session;
}

} // namespace ectl
