#pragma once
// The one place that talks gRPC: endpoints, TLS, auth token, deadlines, failover, safe retries.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"
#include "output/sink.hpp"

namespace ectl {

// Everything the session needs from the global flags, already validated.
struct SessionConfig {
    std::vector<std::string> endpoints;
    std::chrono::nanoseconds dial_timeout{std::chrono::seconds(2)};
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

// A parsed --endpoints item.
struct Endpoint {
    std::string original;  // as the user wrote it (used in messages)
    std::string target;    // gRPC target: ipv4:h:p, ipv6:[h]:p, unix:path or dns:///h:p
    std::string host;      // authority host for TLS name checks
    std::string authority; // host:port
    bool tls = false;      // https:// or unixs://
};

// Parses one endpoint ("127.0.0.1:2379", "http://h:p", "https://h:p", "unix://path");
// throws Error(bad_args) naming it when malformed.
Endpoint parse_endpoint(const std::string& text);

// A connection to the cluster, dialled lazily on the first call. Calls throw Error with etcdctl's
// message and exit code; reads are retried on another endpoint when unavailable, writes only when
// they provably never left this process.
class Session {
public:
    explicit Session(SessionConfig config);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // KV.Range (retried across endpoints while unavailable).
    etcdserverpb::RangeResponse range(const etcdserverpb::RangeRequest& req);
    // KV.Put (never resent once it may have reached a server).
    etcdserverpb::PutResponse put(const etcdserverpb::PutRequest& req);
    // KV.DeleteRange (never resent once it may have reached a server).
    etcdserverpb::DeleteRangeResponse delete_range(const etcdserverpb::DeleteRangeRequest& req);

    // The largest request gRPC lets this client send (etcd's client default, 2 MiB).
    static constexpr int64_t k_max_send_bytes = 2 * 1024 * 1024;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ectl
