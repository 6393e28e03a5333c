#include "check_load.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "error.hpp"

namespace ectl {

using std::chrono::steady_clock;

struct PutLoad::Results {
    std::vector<double> latencies;
    std::map<std::string, int64_t> errors;
    steady_clock::time_point last_answer;
};

LoadStats load_stats(const std::vector<double>& latencies, std::map<std::string, int64_t> errors,
                     double total_seconds) {
    LoadStats s;
    s.succeeded = static_cast<int64_t>(latencies.size());
    s.total_seconds = total_seconds;
    s.errors = std::move(errors);
    if (latencies.empty() || total_seconds <= 0) {
        return s;
    }
    const auto n = static_cast<double>(latencies.size());
    s.rps = n / total_seconds;
    double sum = 0;
    for (double l : latencies) {
        sum += l;
    }
    s.average = sum / n;
    double squares = 0;
    for (double l : latencies) {
        squares += (l - s.average) * (l - s.average);
    }
    s.stddev = std::sqrt(squares / n);
    s.slowest = *std::max_element(latencies.begin(), latencies.end());
    return s;
}

std::string load_key(const std::string& prefix, int64_t n, size_t key_size) {
    std::string key(key_size, '\0');
    // Go's zig-zag varint (binary.PutVarint).
    auto u = static_cast<uint64_t>(n) << 1;
    if (n < 0) {
        u = ~u;
    }
    size_t i = 0;
    while (u >= 0x80 && i < key_size) {
        key[i++] = static_cast<char>((u & 0x7f) | 0x80);
        u >>= 7;
    }
    if (i < key_size) {
        key[i] = static_cast<char>(u);
    }
    return prefix + key;
}

PutLoad::PutLoad(Session& base, LoadPlan plan)
    : m_plan(std::move(plan)), m_start(steady_clock::now()), m_results(std::make_unique<Results>()) {
    std::random_device seeds;
    m_running = m_plan.clients;
    for (int i = 0; i < m_plan.clients; ++i) {
        m_sessions.push_back(base.share());
        Session& session = *m_sessions.back();
        uint64_t seed = (uint64_t{seeds()} << 32) | seeds();
        m_threads.emplace_back([this, &session, seed] { client(session, seed); });
    }
}

PutLoad::~PutLoad() {
    stop();
    for (auto& t : m_threads) {
        if (t.joinable()) {
            t.join();
        }
    }
}

// Reserves the next put; paced like golang.org/x/time/rate with a burst of 1. False: load over.
bool PutLoad::next_slot() {
    steady_clock::time_point at;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopped || (m_plan.count > 0 && m_issued >= m_plan.count)) {
            return false;
        }
        at = m_start;
        if (m_plan.rate > 0) {
            at += std::chrono::duration_cast<steady_clock::duration>(
                std::chrono::duration<double>(static_cast<double>(m_issued) / m_plan.rate));
        }
        if (m_plan.duration.count() > 0 && at >= m_start + m_plan.duration) {
            return false;
        }
        ++m_issued;
    }
    while (steady_clock::now() < at) {
        if (m_stopped) {
            return false;
        }
        std::this_thread::sleep_until(std::min(at, steady_clock::now() + std::chrono::milliseconds(100)));
    }
    return !m_stopped && (m_plan.duration.count() == 0 || steady_clock::now() < m_start + m_plan.duration);
}

void PutLoad::client(Session& session, uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int64_t> any(0, INT64_MAX - 1);
    etcdserverpb::PutRequest req;
    req.set_value(std::string(m_plan.value_size, '\0'));
    while (next_slot()) {
        req.set_key(load_key(m_plan.prefix, any(random), m_plan.key_size));
        auto begin = steady_clock::now();
        std::string error;
        try {
            session.call(&etcdserverpb::KV::Stub::Put, req, Retry::write);
        } catch (const Error& e) {
            error = e.what();
        }
        auto end = steady_clock::now();
        std::lock_guard<std::mutex> lock(m_mutex);
        if (error.empty()) {
            m_results->latencies.push_back(std::chrono::duration<double>(end - begin).count());
        } else {
            ++m_results->errors[error];
        }
        m_results->last_answer = std::max(m_results->last_answer, end);
        ++m_answered;
    }
    --m_running;
}

bool PutLoad::wait_for(std::chrono::milliseconds timeout) {
    auto until = steady_clock::now() + timeout;
    while (m_running > 0 && steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return m_running == 0;
}

LoadStats PutLoad::finish() {
    for (auto& t : m_threads) {
        t.join();
    }
    m_threads.clear();
    std::lock_guard<std::mutex> lock(m_mutex);
    double total = std::chrono::duration<double>(std::max(m_results->last_answer, m_start) - m_start).count();
    return load_stats(m_results->latencies, std::move(m_results->errors), total);
}

void ProgressBar::set(int64_t current) {
    if (!m_enabled) {
        return;
    }
    constexpr int64_t k_width = 40;
    current = std::clamp<int64_t>(current, 0, m_total);
    const int64_t filled = m_total == 0 ? k_width : current * k_width / m_total;
    const double percent = m_total == 0 ? 100.0 : 100.0 * static_cast<double>(current) / static_cast<double>(m_total);
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(steady_clock::now() - m_start).count();
    m_out.write(fmt::format("\r{} / {} B{}{}! {:.2f}% {}s", current, m_total,
                            std::string(static_cast<size_t>(filled), 'o'),
                            std::string(static_cast<size_t>(k_width - filled), ' '), percent, secs));
    m_out.flush();
}

void ProgressBar::finish() {
    if (!m_enabled) {
        return;
    }
    set(m_total);
    m_out.write("\n");
    m_out.flush();
}

} // namespace ectl
