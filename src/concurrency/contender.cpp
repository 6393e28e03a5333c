#include "concurrency/contender.hpp"

#include "concurrency/key_wait.hpp"
#include "error.hpp"

namespace ectl {

Contender::Contender(Session& rpc, const std::string& name, int64_t lease_id)
    : m_rpc(rpc), m_prefix(name + "/"), m_key(queue_key(m_prefix, lease_id)), m_lease_id(lease_id) {}

bool Contender::wait(TurnEvents& events, const Notes& notes) {
    return wait_deletes(m_rpc, events, notes, m_prefix, m_revision - 1);
}

etcdserverpb::RangeResponse Contender::verify() {
    return read_own_key(m_rpc, m_key, m_revision);
}

std::string Contender::holder() {
    try {
        auto resp =
            m_rpc.call(&etcdserverpb::KV::Stub::Range, make_create_order_request(m_prefix, false, 0), Retry::read);
        return resp.kvs().empty() ? "" : resp.kvs(0).key();
    } catch (const Error&) {
        return "";
    }
}

} // namespace ectl
