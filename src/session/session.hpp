#pragma once
// The one place that talks gRPC: a connection to the cluster, dialled lazily on the first call.
// Every RPC goes through one generic call, named by its stub method:
//
//     auto resp = session.call(&etcdserverpb::Cluster::Stub::MemberList, req, Retry::read);
//
// Calls throw Error with etcdctl's message and exit code. Retry::read calls are resent (to
// another endpoint) while the cluster is unavailable; Retry::write calls only when they provably
// never left this process, and otherwise say that the outcome is unknown.
//
// Threads: a Session is used by one thread at a time (calls, dials and token refreshes share
// unsynchronised state). A thread that must make calls while another thread uses the session
// (the lease keeper) makes its own with copy(). Streams it opens follow stream.hpp's rule: any
// thread may cancel() them.

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <absl/functional/function_ref.h>
#include <grpcpp/client_context.h>

#include "session/auth_token.hpp"
#include "session/config.hpp"
#include "session/connection.hpp"
#include "session/credentials.hpp"
#include "session/errors.hpp"
#include "session/grpc_stream.hpp"
#include "session/stream.hpp"

namespace ectl {

template <typename Stub, typename Req, typename Resp>
using UnaryMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Req&, Resp*);
template <typename Stub, typename Req, typename Resp>
using BidiMethod = std::unique_ptr<grpc::ClientReaderWriter<Req, Resp>> (Stub::*)(grpc::ClientContext*);
template <typename Stub, typename Req, typename Resp>
using ReaderMethod = std::unique_ptr<grpc::ClientReader<Resp>> (Stub::*)(grpc::ClientContext*, const Req&);

using WatchStream = Stream<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>;
using KeepAliveStream = Stream<etcdserverpb::LeaseKeepAliveRequest, etcdserverpb::LeaseKeepAliveResponse>;

// Whether a call carries etcd's "hasleader" metadata, so that a member without a leader refuses
// it at once ("etcdserver: no leader") instead of holding it until the deadline. What a member
// answers on its own goes without, so that it still works, and shows what is wrong, when quorum is
// lost: serializable reads, maintenance (status, hashes, defrag; not alarms, which go through
// raft) and member list.
template <typename Stub, typename Req>
bool needs_leader(const Req& req) {
    if constexpr ((std::is_same_v<Stub, etcdserverpb::Maintenance::Stub> &&
                   !std::is_same_v<Req, etcdserverpb::AlarmRequest>) ||
                  std::is_same_v<Req, etcdserverpb::MemberListRequest>) {
        return false;
    } else if constexpr (std::is_same_v<Req, etcdserverpb::RangeRequest>) {
        return !req.serializable();
    } else {
        return true;
    }
}

// How a stream is opened.
struct StreamOptions {
    bool require_leader = false;         // a member that loses its leader ends the stream (etcd "hasleader")
    std::chrono::nanoseconds timeout{0}; // the stream's deadline from now (0: none, the caller cancels it)
};

class Session {
public:
    // Checks the endpoints and reads the TLS files (throws Error(bad_args)); dials nothing yet.
    explicit Session(SessionConfig config);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // One unary RPC within the command timeout (or within `timeout`, when given).
    template <typename Stub, typename Req, typename Resp>
    Resp call(UnaryMethod<Stub, Req, Resp> method, const Req& req, Retry retry, std::chrono::nanoseconds timeout = {}) {
        Resp resp;
        const UnaryOptions options{retry, needs_leader<Stub>(req),
                                   timeout.count() > 0 ? timeout : m_config.command_timeout};
        run_unary(options, [&](Connection& conn, grpc::ClientContext& ctx) {
            resp.Clear();
            return (conn.stub<Stub>().*method)(&ctx, req, &resp);
        });
        return resp;
    }

    // Opens a bidirectional stream on a reachable endpoint (re-dialling and re-authenticating
    // first when the connection was dropped).
    template <typename Stub, typename Req, typename Resp>
    std::unique_ptr<Stream<Req, Resp>> open_stream(BidiMethod<Stub, Req, Resp> method, StreamOptions options = {}) {
        Connection& conn = stream_connection();
        auto ctx = stream_context(options);
        auto rw = (conn.stub<Stub>().*method)(ctx.get());
        return std::make_unique<GrpcStream<Req, Resp>>(std::move(ctx), std::move(rw));
    }

    // Opens a server-streaming call (one request, many responses), like open_stream().
    template <typename Stub, typename Req, typename Resp>
    std::unique_ptr<Reader<Resp>> open_reader(ReaderMethod<Stub, Req, Resp> method, const Req& req,
                                              StreamOptions options = {}) {
        Connection& conn = stream_connection();
        auto ctx = stream_context(options);
        auto reader = (conn.stub<Stub>().*method)(ctx.get(), req);
        return std::make_unique<GrpcReader<Resp>>(std::move(ctx), std::move(reader));
    }

    // A new session with this one's settings (for another thread), or aimed at one endpoint only
    // (endpoint health/status, defrag: each member is asked in turn, never failing over).
    std::unique_ptr<Session> copy(const std::string& only_endpoint = "") const;
    // A new session for another thread over this session's channels, so over the same TCP
    // connections (batch --pipeline's writers): opens the channels first, dials nothing.
    std::unique_ptr<Session> share();
    // The configuration this session was made with.
    const SessionConfig& config() const { return m_config; }
    // Whether some endpoint is dialled with TLS whose server certificate is not verified
    // (--insecure-skip-tls-verify).
    bool skips_server_verification() const;
    // How many endpoints were configured (more than one allows failing over).
    size_t endpoint_count() const { return m_conns.size(); }
    // Forgets the current connection so the next call or stream dials every endpoint again.
    void drop_connection();

private:
    using Attempt = absl::FunctionRef<grpc::Status(Connection&, grpc::ClientContext&)>;
    struct UnaryOptions {
        Retry retry;
        bool require_leader;
        std::chrono::nanoseconds timeout;
    };
    void run_unary(const UnaryOptions& options, Attempt attempt);
    void connect(std::chrono::system_clock::time_point call_deadline);
    Connection& stream_connection();
    std::unique_ptr<grpc::ClientContext> stream_context(const StreamOptions& options) const;

    SessionConfig m_config;
    Credentials m_creds;
    std::vector<Connection> m_conns;
    AuthToken m_token;
    int m_active = -1;  // index of the connection in use, -1 before a dial
    size_t m_first = 0; // where the next dial race starts: after the connection last dropped
};

} // namespace ectl
