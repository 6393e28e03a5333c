#pragma once
// A place in the queue of a lock or an election: keys "<name>/<lease id in hex>" attached to the
// session lease; the key with the lowest create revision holds the lock (or the leadership).

#include <cstdint>
#include <string>

#include "concurrency/events.hpp"
#include "output/sink.hpp"
#include "session/session.hpp"

namespace ectl {

// What lock and election share; they differ in how a key joins the queue and how it leaves.
class Contender {
public:
    // A contender for name (keys under "<name>/") with the session's lease.
    Contender(Session& rpc, const std::string& name, int64_t lease_id);
    virtual ~Contender() = default;
    Contender(const Contender&) = delete;
    Contender& operator=(const Contender&) = delete;

    // Puts our key in the queue; true when it is known to be first in line already.
    virtual bool enqueue() = 0;
    // Deletes our key (unlock, resign); returns why that failed, or "".
    virtual std::string release() = 0;

    // Waits until every key queued before ours is gone; false when events stopped the wait.
    bool wait(TurnEvents& events, const Notes& notes);
    // Our key as the server has it now; no kvs when it is gone (its lease expired or was revoked).
    etcdserverpb::RangeResponse verify();
    // The key first in line now, "" when none (best effort: "" on errors too).
    std::string holder();
    // Whether enqueue() has put our key.
    bool enqueued() const { return m_revision > 0; }
    // Our key.
    const std::string& key() const { return m_key; }
    // Our key's create revision (0 before enqueue()).
    int64_t revision() const { return m_revision; }

protected:
    Session& m_rpc;
    std::string m_prefix;
    std::string m_key;
    int64_t m_lease_id = 0;
    int64_t m_revision = 0;
};

} // namespace ectl
