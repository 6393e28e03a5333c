#pragma once
// etcd's election recipe exactly as etcdctl runs it (clientv3 concurrency.Election): campaign,
// resign, and observe the leader.

#include <functional>

#include "concurrency/contender.hpp"

namespace ectl {

// One candidate of a named election.
class Candidate : public Contender {
public:
    // A candidate for name proposing proposal, with the session's lease.
    Candidate(Session& rpc, const std::string& name, int64_t lease_id, std::string proposal)
        : Contender(rpc, name, lease_id), m_proposal(std::move(proposal)) {}

    // Campaign's txn: If(create_revision(key) = 0) Then(put key proposal with the lease)
    // Else(get key), then a proclaim when an existing key has another value. Always false: the
    // caller waits (which returns at once when nobody is ahead).
    bool enqueue() override;
    // Resign: deletes our key if it is still the one we created.
    std::string release() override;

private:
    std::string m_proposal;
};

// Prints every leader of election name as it changes, like etcdctl's `elect -l` (each response
// goes to print); returns when events ask it to stop.
void observe_election(Session& rpc, TurnEvents& events, const Notes& notes, const std::string& name,
                      const std::function<void(const etcdserverpb::RangeResponse&)>& print);

} // namespace ectl
