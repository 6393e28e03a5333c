#pragma once
// Channel credentials from the TLS flags (session-internal).

#include <memory>

#include <grpcpp/security/credentials.h>

#include "session/config.hpp"
#include "session/endpoint.hpp"

namespace ectl {

// The two kinds of channel credentials a session may use, made once from the TLS flags.
struct Credentials {
    std::shared_ptr<grpc::ChannelCredentials> plain;
    std::shared_ptr<grpc::ChannelCredentials> tls;
};

// Reads and checks the certificate, key and CA files; throws Error(bad_args) with etcdctl's words.
Credentials make_credentials(const SessionConfig& config);

// Whether ep is dialled with TLS: its scheme decides, else any TLS flag (as clientv3 does).
bool uses_tls(const Endpoint& ep, const SessionConfig& config);

} // namespace ectl
