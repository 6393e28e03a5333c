#pragma once
// lease keep-alive: renews a lease at TTL/3 over one LeaseKeepAlive stream, reconnects (and fails
// over) when the stream breaks, and says "expired" only when the server says so.

#include <chrono>
#include <cstdint>

#include "output/printer.hpp"
#include "output/sink.hpp"
#include "session.hpp"

namespace ectl {

// What to keep alive and how patiently.
struct KeepAliveOptions {
    int64_t id = 0;
    bool once = false;         // one renewal, then return
    bool print_expired = true; // print etcdctl's "lease … expired or revoked." line (simple format)
    std::chrono::milliseconds backoff_min{200};
    std::chrono::milliseconds backoff_max{2000};
    std::chrono::milliseconds once_timeout{5000}; // --once waits this long for the answer
};

// Renews the lease until the server says it is gone (Error exit 1), a SIGINT/SIGTERM/SIGHUP arrives
// (Error 128+signo with an empty message), or stdout fails (Error io). Each answer goes through the
// printer and is flushed; notes about lost contact go to err. With once, returns after one renewal.
void keep_lease_alive(Session& session, Printer& printer, Sink& out, Sink& err, const KeepAliveOptions& options);

// The pause after an answer with this TTL before the next renewal (clientv3: TTL/3).
std::chrono::milliseconds renewal_interval(int64_t ttl_seconds);

// How long one renewal may go unanswered before the connection counts as lost (ttl 0: unknown).
std::chrono::milliseconds response_timeout(int64_t ttl_seconds);

// The reconnect backoff after current: doubling from backoff_min, at most backoff_max.
std::chrono::milliseconds next_backoff(std::chrono::milliseconds current, const KeepAliveOptions& options);

// True when contact lost since last_ok may already have let a lease of ttl_seconds expire.
bool may_have_expired(std::chrono::steady_clock::duration since_last_ok, int64_t ttl_seconds);

} // namespace ectl
