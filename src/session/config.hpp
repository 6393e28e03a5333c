#pragma once
// What a session needs from the global flags, already validated (no gRPC types).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "output/sink.hpp"

namespace ectl {

// The largest request a client may send (etcd's client default, 2 MiB).
constexpr int64_t k_max_send_bytes = int64_t{2} * 1024 * 1024;

struct SessionConfig {
    std::vector<std::string> endpoints;
    std::chrono::nanoseconds dial_timeout{std::chrono::seconds(2)}; // 0: bounded by the command timeout only
    std::chrono::nanoseconds command_timeout{std::chrono::seconds(5)};
    std::chrono::nanoseconds keepalive_time{std::chrono::seconds(2)};
    std::chrono::nanoseconds keepalive_timeout{std::chrono::seconds(6)};
    bool insecure_transport = true;
    bool insecure_skip_verify = false;
    std::string cert_file;
    std::string key_file;
    std::string ca_file;
    std::string server_name;
    bool use_auth = false;
    std::string user;
    std::string password;
    Sink* debug = nullptr; // --debug: where connection diagnostics go (never secrets)
};

} // namespace ectl
