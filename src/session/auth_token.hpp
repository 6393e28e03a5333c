#pragma once
// The auth token of --user/--password (session-internal): fetched after each dial and again when
// the server says it is invalid or stale.

#include <chrono>
#include <string>

#include <grpcpp/client_context.h>

#include "session/connection.hpp"

namespace ectl {

class AuthToken {
public:
    AuthToken(bool enabled, std::string user, std::string password)
        : m_enabled(enabled), m_user(std::move(user)), m_password(std::move(password)) {}

    // Whether --user was given.
    bool enabled() const { return m_enabled; }
    // Authenticates through conn (no-op without --user). Auth not enabled on the server: no token,
    // as clientv3 does. A leader election is waited out until deadline (then Error(error)); other
    // failures (a wrong password) throw Error(bad_connection) in etcdctl's words.
    void refresh(Connection& conn, std::chrono::system_clock::time_point deadline);
    // Adds the token (if any) to a call's metadata.
    void attach(grpc::ClientContext& ctx) const;

private:
    bool m_enabled;
    std::string m_user;
    std::string m_password;
    std::string m_token;
};

} // namespace ectl
