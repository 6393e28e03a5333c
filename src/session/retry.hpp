#pragma once
// The retry policy a caller picks for each call (no gRPC types).

namespace ectl {

// How a call may be resent after a failure.
enum class Retry {
    read,  // changes nothing: resent (maybe to another endpoint) while the cluster is unavailable
    write, // resent only when it provably never left this process
};

} // namespace ectl
