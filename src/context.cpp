#include "context.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "password.hpp"
#include "session/session.hpp"
#include "signals.hpp"

namespace ectl {

Process::Process(Io& io) : m_io(io) {}

Process::~Process() = default;

const SessionConfig& Process::settings() {
    if (!m_settings) {
        m_settings = parse_global_flags(m_globals);
    }
    return *m_settings;
}

Session& Process::session() {
    if (!m_session) {
        start_signal_thread(); // from here on a command may block (prompt, dial, RPC)
        SessionConfig config = settings();
        resolve_credentials({m_globals.user, m_globals.password, m_globals.password_file}, config);
        if (m_globals.debug) {
            m_io.err.write(debug_dump(m_globals));
            m_io.err.flush();
            config.debug = &m_io.err;
        }
        m_session = std::make_unique<Session>(std::move(config));
        if (m_session->skips_server_verification()) {
            m_io.err.write("Warning: --insecure-skip-tls-verify: the server's certificate is not verified, so the "
                           "connection is encrypted but not authenticated\n");
            m_io.err.flush();
        }
    }
    return *m_session;
}

void Process::abandon_session() {
    (void)m_session.release();
}

bool Context::defer_write(etcdserverpb::PutRequest& req) {
    if (m_writes == nullptr) {
        return false;
    }
    etcdserverpb::RequestOp op;
    *op.mutable_request_put() = std::move(req);
    m_writes->add(std::move(op));
    return true;
}

bool Context::defer_write(etcdserverpb::DeleteRangeRequest& req) {
    if (m_writes == nullptr) {
        return false;
    }
    etcdserverpb::RequestOp op;
    *op.mutable_request_delete_range() = std::move(req);
    m_writes->add(std::move(op));
    return true;
}

Printer& Context::printer() {
    Printer& p = any_printer();
    p.check_builtin();
    return p;
}

Printer& Context::any_printer() {
    if (!m_printer) {
        // etcdctl checks these just before it sets up the output format.
        std::string empty = m_process.first_empty_flag();
        if (!empty.empty()) {
            throw_bad_args(fmt::format("empty string is passed to --{} option", empty));
        }
        PrintOptions options = m_print_options;
        options.hex = globals().hex;
        m_printer = make_printer(globals().write_out, options, io().out);
    }
    return *m_printer;
}

} // namespace ectl
