#pragma once
// The dial race (session-internal): every endpoint's channel connects at once and the first that
// is READY wins. A single channel over "ipv4:a,b,c" was measured to sit in CONNECTING for
// seconds behind a blackholed first address; separate channels also give each failure its cause.

#include <chrono>
#include <vector>

#include "error.hpp"
#include "session/connection.hpp"
#include "session/debug_log.hpp"

namespace ectl {

// Settings that must be in place before gRPC initialises (the first credentials object does
// that); idempotent. Routes gRPC's own log lines into ectl (they name TLS causes) instead of
// stderr, and turns off abseil's mutex deadlock detection.
void prepare_grpc();

// Races the connections until deadline; returns the index of the first READY one, or -1 when all
// failed or time ran out (failed ones are marked). A refused endpoint fails at once. Of several
// already READY, the first from index `first` on wins (so a dropped one is tried last).
int dial_race(std::vector<Connection>& conns, size_t first, const SessionConfig& config, const Credentials& creds,
              std::chrono::system_clock::time_point deadline, const DebugLog& debug);

// The error for a race nobody won: every endpoint with its own cause (exit 2). budget names the
// time the race was given ("the dial timeout (2s)"), for endpoints that never answered.
Error unreachable_error(std::vector<Connection>& conns, const SessionConfig& config, const std::string& budget);

} // namespace ectl
