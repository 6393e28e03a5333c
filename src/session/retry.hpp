#pragma once
// The retry policy a caller picks for each call (no gRPC types).

#include <algorithm>
#include <chrono>

namespace ectl {

// How a call may be resent after a failure.
enum class Retry {
    read,  // changes nothing: resent (maybe to another endpoint) while the cluster is unavailable
    write, // resent only when it provably never left this process
};

// The pause before try number `tries` + 1 of a call: short at first, then long enough for a
// leader election (etcd's default election timeout is 1 s) to finish.
inline std::chrono::milliseconds retry_pause(int tries) {
    return std::chrono::milliseconds(std::min(50 * tries, 500));
}

} // namespace ectl
