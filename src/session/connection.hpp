#pragma once
// One endpoint's channel and its service stubs (session-internal). Stubs are made on first use:
// a command that only reads never builds the Lease or Auth stubs.

#include <memory>
#include <tuple>

#include <grpcpp/channel.h>

#include "etcdserverpb/rpc.grpc.pb.h"
#include "session/config.hpp"
#include "session/credentials.hpp"
#include "session/endpoint.hpp"

namespace ectl {

class Connection {
public:
    explicit Connection(Endpoint ep) : m_ep(std::move(ep)) {}

    // The endpoint this connection dials.
    const Endpoint& endpoint() const { return m_ep; }
    // Creates the channel (once); it connects when first asked for its state or used.
    void open(const SessionConfig& config, const Credentials& creds);
    // A connection to the same endpoint over the same channel (open() first), with stubs of its
    // own: gRPC channels carry calls from many threads at once over one HTTP/2 connection.
    Connection share() const {
        Connection c(m_ep);
        c.m_channel = m_channel;
        return c;
    }
    // The channel (open() first).
    grpc::Channel& channel() { return *m_channel; }
    // The stub of one etcd service on this channel.
    template <typename Stub>
    Stub& stub() {
        auto& slot = std::get<std::unique_ptr<Stub>>(m_stubs);
        if (!slot) {
            slot = std::make_unique<Stub>(m_channel);
        }
        return *slot;
    }

    bool failed = false; // the last dial or call through it failed

private:
    Endpoint m_ep;
    std::shared_ptr<grpc::Channel> m_channel;
    std::tuple<std::unique_ptr<etcdserverpb::KV::Stub>, std::unique_ptr<etcdserverpb::Watch::Stub>,
               std::unique_ptr<etcdserverpb::Lease::Stub>, std::unique_ptr<etcdserverpb::Cluster::Stub>,
               std::unique_ptr<etcdserverpb::Maintenance::Stub>, std::unique_ptr<etcdserverpb::Auth::Stub>>
        m_stubs;
};

} // namespace ectl
