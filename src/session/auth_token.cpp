#include "session/auth_token.hpp"

#include <thread>

#include "error.hpp"
#include "session/errors.hpp"
#include "session/retry.hpp"

namespace ectl {

void AuthToken::refresh(Connection& conn, std::chrono::system_clock::time_point deadline) {
    if (!m_enabled) {
        return;
    }
    etcdserverpb::AuthenticateRequest req;
    req.set_name(m_user);
    req.set_password(m_password);
    for (int tries = 1;; ++tries) {
        etcdserverpb::AuthenticateResponse resp;
        grpc::ClientContext ctx;
        ctx.set_deadline(deadline);
        auto status = conn.stub<etcdserverpb::Auth::Stub>().Authenticate(&ctx, req, &resp);
        if (status.ok()) {
            m_token = resp.token();
            return;
        }
        if (status.error_message() == "etcdserver: authentication is not enabled") {
            m_token.clear(); // etcdctl carries on without a token, as does clientv3
            return;
        }
        if (!leader_in_flux(status)) {
            throw Error(ExitCode::bad_connection, status_text(status));
        }
        // Authenticate goes through raft, so an election makes it fail; it changes nothing the
        // user can see, so it is always safe to send again, within the command's time.
        if (std::chrono::system_clock::now() + retry_pause(tries) >= deadline) {
            throw Error(ExitCode::error, status_text(status)); // the server's error, not the connection
        }
        std::this_thread::sleep_for(retry_pause(tries));
    }
}

void AuthToken::attach(grpc::ClientContext& ctx) const {
    if (!m_token.empty()) {
        ctx.AddMetadata("token", m_token);
    }
}

} // namespace ectl
