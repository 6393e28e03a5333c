#pragma once
// Error translation and retry policy: the only place that reads a grpc::Status. Turns it into
// etcdctl's wording and exit code, and decides whether a failed call may be sent again.

#include <chrono>
#include <string>
#include <string_view>

#include <grpcpp/support/status.h>

#include "error.hpp"
#include "session/retry.hpp"
#include "session/stream.hpp"

namespace ectl {

// Go's grpc codes.Code String() name, as in "rpc error: code = Unavailable desc = ...".
const char* go_code_name(grpc::StatusCode code);

// etcdctl's wording of a failed call: etcd's own errors verbatim, Go's context errors, or gRPC's.
std::string status_text(const grpc::Status& s);

// ectl's words after some of etcd's errors, or "": how to recover from "database space exceeded"
// (NOSPACE), and that "user name is empty" means the server requires authentication.
std::string server_hint(const grpc::Status& s);

// True when the request provably never reached a server (so even a write may go elsewhere).
bool never_sent(const grpc::Status& s);

// True when text names an auth error that a fresh token cures (invalid or expired token, old auth
// revision): a call's error message, or a watch's cancel reason, which wraps it in gRPC's words.
bool names_stale_token(std::string_view text);

// True for auth errors that a fresh token cures (names_stale_token of the message).
bool needs_reauth(const grpc::Status& s);

// True for the errors of a request that raft dropped while the cluster elects a leader ("leader
// changed", "no leader", a proposal timed out): nothing was applied; try again after a pause.
bool leader_in_flux(const grpc::Status& s);

// True for a member's "no leader" refusal: it has no leader, so nothing was proposed.
bool no_leader(const grpc::Status& s);

// True when the failed call may be sent again (after a pause, maybe to another endpoint).
bool may_retry(const grpc::Status& s, Retry retry);

// The Error a failed call throws; a write whose outcome is unknown says so. `deadline_passed`
// tells that the call's own deadline is due: a server timeout is then just that deadline seen
// from the server (gRPC C++ sends a call whose deadline has nearly run out, where Go's client
// gives up before sending), and is reported as etcdctl reports it.
Error call_error(const grpc::Status& s, Retry retry, bool deadline_passed = false);

// The Error of a call refused for want of a leader until its time (`tried`) ran out.
Error no_leader_error(Retry retry, std::chrono::nanoseconds tried);

// How a stream ended, from its final status.
StreamEnd stream_end(const grpc::Status& s);

} // namespace ectl
