#pragma once
// The write load of `check perf` and `check datascale` (etcdctl's check.go with pkg/report):
// many clients putting random keys under a prefix, paced by a rate, a count or a deadline, and
// the statistics etcdctl judges the result by.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "output/sink.hpp"
#include "session/session.hpp"

namespace ectl {

// How much load to send and how.
struct LoadPlan {
    std::string prefix;
    size_t key_size = 256;                // bytes after the prefix: a random varint, then zeros
    size_t value_size = 1024;             // zero bytes
    int clients = 50;                     // concurrent writers, each with its own session over shared channels
    double rate = 0;                      // puts per second at most (0: as fast as the clients go)
    int64_t count = 0;                    // puts in all (0: until the duration is over)
    std::chrono::nanoseconds duration{0}; // how long to send (0: until count)
};

// The numbers pkg/report computes from the results.
struct LoadStats {
    int64_t succeeded = 0;
    double total_seconds = 0;              // from the start of the load to the last answer
    double rps = 0;                        // successful puts per second
    double average = 0;                    // seconds
    double slowest = 0;                    // seconds
    double stddev = 0;                     // seconds (population standard deviation)
    std::map<std::string, int64_t> errors; // error text -> how many puts failed with it
};

// pkg/report's statistics of latencies (seconds) over total_seconds.
LoadStats load_stats(const std::vector<double>& latencies, std::map<std::string, int64_t> errors, double total_seconds);

// The key of one put: prefix, then Go's binary.PutVarint of n into key_size bytes.
std::string load_key(const std::string& prefix, int64_t n, size_t key_size);

// Runs a plan on its own threads; the caller polls it (progress, interrupts) and collects it.
class PutLoad {
public:
    // Starts the clients (their sessions share base's channels).
    PutLoad(Session& base, LoadPlan plan);
    ~PutLoad();
    PutLoad(const PutLoad&) = delete;
    PutLoad& operator=(const PutLoad&) = delete;

    // Waits up to timeout for every client to finish; true when they have.
    bool wait_for(std::chrono::milliseconds timeout);
    // Puts answered so far (successful or not).
    int64_t answered() const { return m_answered; }
    // Makes the clients stop after their current put; safe from any thread.
    void stop() { m_stopped = true; }
    // Waits for the clients and returns the statistics.
    LoadStats finish();

private:
    struct Results;
    bool next_slot();
    void client(Session& session, uint64_t seed);

    LoadPlan m_plan;
    std::chrono::steady_clock::time_point m_start;
    std::mutex m_mutex; // guards m_issued and the results
    int64_t m_issued = 0;
    std::unique_ptr<Results> m_results;
    std::atomic<int64_t> m_answered{0};
    std::atomic<int> m_running{0};
    std::atomic<bool> m_stopped{false};
    std::vector<std::unique_ptr<Session>> m_sessions;
    std::vector<std::thread> m_threads;
};

// etcdctl's pb progress bar ("Bom !" format), drawn on out only when out is a terminal.
class ProgressBar {
public:
    ProgressBar(Sink& out, int64_t total, bool on_terminal) : m_out(out), m_total(total), m_enabled(on_terminal) {}
    // Redraws the bar at current.
    void set(int64_t current);
    // Draws it full and ends its line.
    void finish();

private:
    Sink& m_out;
    int64_t m_total;
    bool m_enabled;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

} // namespace ectl
