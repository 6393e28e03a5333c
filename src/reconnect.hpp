#pragma once
// The one reconnect policy of ectl's long-lived streams (watch, the lease keeper and everything
// built on them: lock, elect, lease keep-alive), and the renewal timing of leases.

#include <chrono>
#include <cstdint>

namespace ectl {

// The pause before each reconnect attempt: 200 ms, doubling to at most 1 s. etcd members restart
// or elect a leader within seconds and an attempt costs one dial, so a long pause only delays
// recovery; the first pause is short but non-zero so a crash loop does not spin.
class Backoff {
public:
    static constexpr std::chrono::milliseconds k_first{200};
    static constexpr std::chrono::milliseconds k_max{1000};

    // The pause to take now; the next one is twice as long (up to k_max).
    std::chrono::milliseconds next() {
        auto now = m_current;
        m_current = m_current * 2 < k_max ? m_current * 2 : k_max;
        return now;
    }
    // After a success: the next pause is k_first again.
    void reset() { m_current = k_first; }

private:
    std::chrono::milliseconds m_current = k_first;
};

// The pause between lease renewals: TTL/3, as clientv3 does (at least 100 ms).
std::chrono::milliseconds renew_interval(int64_t ttl_seconds);

// How long one renewal may go unanswered before the stream counts as broken: one renewal period,
// between 1 s (a healthy server answers in milliseconds) and 5 s. Unknown TTL (0): 5 s.
std::chrono::milliseconds answer_timeout(int64_t ttl_seconds);

} // namespace ectl
