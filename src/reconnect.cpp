#include "reconnect.hpp"

#include <algorithm>

namespace ectl {

using std::chrono::milliseconds;

std::chrono::milliseconds renew_interval(int64_t ttl_seconds) {
    return milliseconds(std::max<int64_t>(ttl_seconds * 1000 / 3, 100));
}

std::chrono::milliseconds answer_timeout(int64_t ttl_seconds) {
    if (ttl_seconds <= 0) {
        return milliseconds(5000);
    }
    return milliseconds(std::clamp<int64_t>(ttl_seconds * 1000 / 3, 1000, 5000));
}

} // namespace ectl
