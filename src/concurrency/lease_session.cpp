#include "concurrency/lease_session.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

// Turns what the keeper reports into one "lost" call.
class LossReporter : public LeaseListener {
public:
    LossReporter(int64_t id, LostHandler on_lost) : m_id(id), m_on_lost(std::move(on_lost)) {}

    void renewed(const etcdserverpb::LeaseKeepAliveResponse& /*resp*/) override {}

    void may_have_expired(std::chrono::seconds silent, bool leaderless) override {
        m_on_lost(fmt::format("no contact with etcd for {}s{}: lease {:016x} may have expired", silent.count(),
                              leaderless ? " (the cluster has no leader)" : "", m_id));
    }

    void ended(const LeaseEnd& end) override {
        m_on_lost(end.gone ? fmt::format("lease {:016x} expired or was revoked", m_id)
                           : std::string(end.error ? end.error->what() : "the lease keeper stopped"));
    }

private:
    int64_t m_id;
    LostHandler m_on_lost;
};

} // namespace

etcdserverpb::LeaseGrantResponse grant_lease(Session& rpc, int64_t ttl) {
    etcdserverpb::LeaseGrantRequest req;
    req.set_ttl(ttl);
    auto resp = rpc.call(&etcdserverpb::Lease::Stub::LeaseGrant, req, Retry::write);
    if (!resp.error().empty()) {
        throw Error(ExitCode::error, fmt::format("failed to grant lease ({})", resp.error()));
    }
    return resp;
}

LeaseSession::LeaseSession(Session& rpc, int64_t ttl, const Notes& notes, LostHandler on_lost) : m_rpc(rpc) {
    auto resp = grant_lease(rpc, ttl);
    m_id = resp.id();
    m_ttl = resp.ttl();
    LeaseKeeperOptions options;
    options.id = m_id;
    options.ttl = m_ttl;
    options.contacted = true;
    m_keeper =
        std::make_unique<LeaseKeeper>(rpc, notes, options, std::make_shared<LossReporter>(m_id, std::move(on_lost)));
}

LeaseSession::~LeaseSession() = default;

std::string LeaseSession::close() {
    m_keeper->stop();
    etcdserverpb::LeaseRevokeRequest req;
    req.set_id(m_id);
    try {
        m_rpc.call(&etcdserverpb::Lease::Stub::LeaseRevoke, req, Retry::write);
    } catch (const Error& e) {
        std::string why = e.what();
        if (why.find("requested lease not found") == std::string::npos) {
            return why;
        }
    }
    return "";
}

} // namespace ectl
