#pragma once
// Asking every endpoint the same question at once (endpoint health, status, hashkv), each on a
// session of its own with its own deadline, so that a dead or paused member costs one timeout
// and never delays the answers of the others; plus the Go text formats their output uses.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "error.hpp"
#include "session/session.hpp"

namespace ectl {

// What one endpoint answered, or why it did not.
template <typename Resp>
struct EndpointAnswer {
    std::string endpoint;
    Resp resp;
    std::optional<Error> error;    // set when the endpoint did not answer
    std::chrono::nanoseconds took; // from the start of its check (dial included) to its end
};

// Asks each endpoint with ask(session) concurrently, every one on a copy of base aimed at that
// endpoint only; returns the answers in the order of endpoints. Errors thrown by ask are kept in
// the answer; only making the sessions (bad endpoints) throws.
template <typename Resp>
std::vector<EndpointAnswer<Resp>> ask_each_endpoint(const Session& base, const std::vector<std::string>& endpoints,
                                                    const std::function<Resp(Session&)>& ask) {
    std::vector<std::unique_ptr<Session>> sessions;
    sessions.reserve(endpoints.size());
    for (const auto& ep : endpoints) {
        sessions.push_back(base.copy(ep));
    }
    std::vector<EndpointAnswer<Resp>> answers(endpoints.size());
    std::vector<std::thread> threads;
    threads.reserve(endpoints.size());
    for (size_t i = 0; i < endpoints.size(); ++i) {
        threads.emplace_back([&, i] {
            auto& answer = answers[i];
            answer.endpoint = endpoints[i];
            auto start = std::chrono::steady_clock::now();
            try {
                answer.resp = ask(*sessions[i]);
            } catch (const Error& e) {
                answer.error = e;
            } catch (const std::exception& e) {
                answer.error = Error(ExitCode::error, e.what());
            }
            answer.took = std::chrono::steady_clock::now() - start;
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    return answers;
}

// The exit status of a command that asked several endpoints and some did not answer (failure:
// the last such error): a server-side failure (1) when some endpoint answered, the failure's own
// status (2 for a connection failure) when none did.
ExitStatus partial_failure_status(size_t answered, const Error& failure);

// One endpoint's health as etcdctl's epHealth holds it.
struct EndpointHealth {
    std::string endpoint;
    bool health = false;
    std::string took;  // Go's time.Duration text
    std::string error; // empty when healthy
};

// etcdctl's health check of each endpoint, all at once: a linearizable Get of the key "health"
// (a quorum read, so it proves the member has a leader); "permission denied" still counts as
// healthy, since the request went through consensus.
std::vector<EndpointHealth> check_health(const Session& base, const std::vector<std::string>& endpoints);

// Go's time.Duration String(): "1.5s", "2.025613ms", "1m5s", "0s".
std::string go_duration_text(std::chrono::nanoseconds d);

// go-humanize's Bytes() (SI units): "20 kB", "2.1 MB", "9 B".
std::string humanize_bytes(uint64_t bytes);

} // namespace ectl
