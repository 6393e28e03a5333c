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

// How a stream ended, without gRPC types.
struct StreamEnd {
    bool ok = false;        // the server closed it cleanly
    bool retryable = false; // connection trouble: reopening (maybe elsewhere) may work
    bool cancelled = false; // we cancelled it
    std::string message;    // etcdctl's wording of the error
};

// A bidirectional gRPC stream. read() blocks; cancel() may be called from any thread.
template <typename Req, typename Resp>
class Stream {
public:
    virtual ~Stream() = default;
    // Sends one request; false when the stream is broken.
    virtual bool write(const Req& req) = 0;
    // Receives one response; false when the stream has ended (then call finish()).
    virtual bool read(Resp& resp) = 0;
    // Half-closes the sending side.
    virtual void writes_done() = 0;
    // Waits for the final status once read() returned false (or after cancel()).
    virtual StreamEnd finish() = 0;
    // Aborts the stream; a blocked read() returns false.
    virtual void cancel() = 0;
};

using WatchStream = Stream<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>;
using KeepAliveStream = Stream<etcdserverpb::LeaseKeepAliveRequest, etcdserverpb::LeaseKeepAliveResponse>;

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

    // KV.Txn (resent only when it provably never left, unless it only reads).
    etcdserverpb::TxnResponse txn(const etcdserverpb::TxnRequest& req);
    // KV.Compact (never resent once it may have reached a server).
    etcdserverpb::CompactionResponse compact(const etcdserverpb::CompactionRequest& req);
    // Lease.LeaseGrant.
    etcdserverpb::LeaseGrantResponse lease_grant(const etcdserverpb::LeaseGrantRequest& req);
    // Lease.LeaseRevoke.
    etcdserverpb::LeaseRevokeResponse lease_revoke(const etcdserverpb::LeaseRevokeRequest& req);
    // Lease.LeaseTimeToLive (a read).
    etcdserverpb::LeaseTimeToLiveResponse lease_time_to_live(const etcdserverpb::LeaseTimeToLiveRequest& req);
    // Lease.LeaseLeases (a read).
    etcdserverpb::LeaseLeasesResponse lease_leases(const etcdserverpb::LeaseLeasesRequest& req);

    // Opens a Watch stream on a reachable endpoint (re-dialling and re-authenticating first when
    // the connection was dropped). require_leader makes a member without a leader end the stream.
    std::unique_ptr<WatchStream> watch(bool require_leader);
    // Opens a LeaseKeepAlive stream, like watch().
    std::unique_ptr<KeepAliveStream> lease_keep_alive();
    // How many endpoints were configured (more than one allows failing over).
    size_t endpoint_count() const;
    // The configuration this session was made with (a background thread opens its own Session).
    const SessionConfig& config() const;
    // Forgets the current connection so the next call or stream dials every endpoint again.
    void drop_connection();

    // The largest request gRPC lets this client send (etcd's client default, 2 MiB).
    static constexpr int64_t k_max_send_bytes = 2 * 1024 * 1024;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ectl
