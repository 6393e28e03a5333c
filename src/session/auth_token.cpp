#include "session/auth_token.hpp"

#include "error.hpp"
#include "session/errors.hpp"

namespace ectl {

void AuthToken::refresh(Connection& conn, std::chrono::system_clock::time_point deadline) {
    if (!m_enabled) {
        return;
    }
    etcdserverpb::AuthenticateRequest req;
    req.set_name(m_user);
    req.set_password(m_password);
    etcdserverpb::AuthenticateResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(deadline);
    auto status = conn.stub<etcdserverpb::Auth::Stub>().Authenticate(&ctx, req, &resp);
    if (!status.ok() && status.error_message() == "etcdserver: authentication is not enabled") {
        m_token.clear(); // etcdctl carries on without a token, as does clientv3
        return;
    }
    if (!status.ok()) {
        throw Error(ExitCode::bad_connection, status_text(status));
    }
    m_token = resp.token();
}

void AuthToken::attach(grpc::ClientContext& ctx) const {
    if (!m_token.empty()) {
        ctx.AddMetadata("token", m_token);
    }
}

} // namespace ectl
