#include "concurrency/election.hpp"

#include "concurrency/key_wait.hpp"
#include "error.hpp"
#include "key_range.hpp"

namespace ectl {
namespace {

etcdserverpb::Compare create_revision_is(const std::string& key, int64_t revision) {
    etcdserverpb::Compare cmp;
    cmp.set_key(key);
    cmp.set_target(etcdserverpb::Compare::CREATE);
    cmp.set_result(etcdserverpb::Compare::EQUAL);
    cmp.set_create_revision(revision);
    return cmp;
}

// Waits for the first put under prefix from revision on, into out (whose header revision is the
// put's, as clientv3's observe reports it). False when events stopped the wait; out stays empty
// when the server cancelled the watch (the caller reads again).
bool wait_first_put(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& prefix, int64_t revision,
                    etcdserverpb::RangeResponse& out) {
    WatchSpec spec{prefix, prefix_range_end(prefix), revision, false};
    return watch_until(rpc, events, notes, spec, [&](const etcdserverpb::WatchResponse& resp) {
        for (const auto& ev : resp.events()) {
            if (ev.type() == mvccpb::Event::PUT) {
                *out.mutable_header() = resp.header();
                out.mutable_header()->set_revision(ev.kv().mod_revision());
                *out.add_kvs() = ev.kv();
                return true;
            }
        }
        return false;
    });
}

// Prints each new value of the leader key (a proclaim) until it is deleted; false when stopped.
// Like clientv3, each print is the leader's range response with its header and kvs replaced.
bool follow_leader(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& key, int64_t revision,
                   etcdserverpb::RangeResponse resp,
                   const std::function<void(const etcdserverpb::RangeResponse&)>& print) {
    return watch_until(rpc, events, notes, WatchSpec{key, "", revision, false}, [&](const auto& wr) {
        for (const auto& ev : wr.events()) {
            if (ev.type() == mvccpb::Event::DELETE) {
                return true;
            }
            *resp.mutable_header() = wr.header();
            resp.clear_kvs();
            *resp.add_kvs() = ev.kv();
            print(resp);
        }
        return false;
    });
}

} // namespace

bool Candidate::enqueue() {
    etcdserverpb::TxnRequest txn;
    *txn.add_compare() = create_revision_is(m_key, 0);
    auto* put = txn.add_success()->mutable_request_put();
    put->set_key(m_key);
    put->set_value(m_proposal);
    put->set_lease(m_lease_id);
    txn.add_failure()->mutable_request_range()->set_key(m_key);
    auto resp = m_rpc.call(&etcdserverpb::KV::Stub::Txn, txn, Retry::write);
    m_revision = resp.header().revision();
    if (resp.succeeded()) {
        return false;
    }
    const auto& mine = resp.responses(0).response_range();
    if (mine.kvs().empty()) {
        throw Error(ExitCode::error, "unexpected answer to the campaign txn");
    }
    m_revision = mine.kvs(0).create_revision();
    if (mine.kvs(0).value() != m_proposal) {
        // Proclaim: a new value for the key we already have.
        etcdserverpb::TxnRequest proclaim;
        *proclaim.add_compare() = create_revision_is(m_key, m_revision);
        *proclaim.add_success()->mutable_request_put() = *put;
        if (!m_rpc.call(&etcdserverpb::KV::Stub::Txn, proclaim, Retry::write).succeeded()) {
            m_revision = 0;
            throw Error(ExitCode::error, "election: not leader");
        }
    }
    return false;
}

std::string Candidate::release() {
    if (!enqueued()) {
        return "";
    }
    etcdserverpb::TxnRequest txn;
    *txn.add_compare() = create_revision_is(m_key, m_revision);
    txn.add_success()->mutable_request_delete_range()->set_key(m_key);
    try {
        m_rpc.call(&etcdserverpb::KV::Stub::Txn, txn, Retry::write);
    } catch (const Error& e) {
        return e.what();
    }
    m_revision = 0;
    return "";
}

void observe_election(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& name,
                      const std::function<void(const etcdserverpb::RangeResponse&)>& print) {
    const std::string prefix = name + "/";
    auto first = make_create_order_request(prefix, false, 0);
    while (!events.stop_cause()) {
        auto resp = rpc.call(&etcdserverpb::KV::Stub::Range, first, Retry::read);
        etcdserverpb::RangeResponse leader;
        if (resp.kvs().empty()) {
            if (!wait_first_put(rpc, events, notes, prefix, resp.header().revision(), leader)) {
                return;
            }
            if (leader.kvs().empty()) {
                continue;
            }
        } else {
            *leader.mutable_header() = resp.header();
            *leader.add_kvs() = resp.kvs(0);
        }
        print(leader);
        if (!follow_leader(rpc, events, notes, leader.kvs(0).key(), leader.header().revision() + 1, resp, print)) {
            return;
        }
    }
}

} // namespace ectl
