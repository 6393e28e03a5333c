#pragma once
// Why a TLS connection failed, found by a handshake of ectl's own (session-internal).
//
// gRPC reports a failed handshake as "connection closed" and keeps OpenSSL's reason in its log.
// Worse, a server that rejects the client's certificate does so after a TLS 1.3 client has
// finished its half of the handshake, and etcd (Go) sends the same "bad certificate" alert
// whatever the reason. So the cause is found here: one plain OpenSSL handshake with the same
// files, the server's verdict read back, and what is wrong with our own certificate checked
// locally (missing, expired, not yet valid, from a CA the server does not trust).

#include <chrono>
#include <string>

#include "session/config.hpp"
#include "session/endpoint.hpp"

namespace ectl {

// The cause of a failed TLS connection to ep, e.g. "TLS handshake failed: the server requires a
// client certificate (use --cert and --key)"; empty when a handshake and a first read succeed
// within budget (TLS is then not what failed) or the endpoint cannot be probed (unix sockets).
std::string diagnose_tls(const Endpoint& ep, const SessionConfig& config, std::chrono::milliseconds budget);

} // namespace ectl
