#pragma once
// One turn at a lock or an election, start to end: the session lease, joining the queue, waiting
// (bounded by --timeout or --try), holding until signalled or running a command under
// supervision, and cleaning up (delete our key, revoke the lease) before returning, whatever
// happened.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "concurrency/contender.hpp"
#include "context.hpp"

namespace ectl {

// What to do with a turn.
struct TurnOptions {
    int64_t ttl = 10;                    // session lease TTL in seconds
    std::vector<std::string> command;    // run while held (supervised); empty: print the key, hold until signalled
    bool try_only = false;               // give up at once when someone else holds it
    std::chrono::nanoseconds timeout{0}; // give up waiting after this long (0: wait as long as it takes)
    std::string timeout_text;            // --timeout as the user wrote it (for messages)
    std::string key_env;                 // the command's variable holding our key (ETCD_LOCK_KEY)
    std::string rev_env;                 // the command's variable holding its create revision (ETCD_LOCK_REV)
    std::string command_name;            // the command the user ran, for notes: "lock", "elect"
    std::string subject;                 // what messages call it: lock "L", election "E"
    std::string lost_label;              // "lock lost", "leadership lost"
};

// Makes the contender once the session lease exists.
using ContenderFactory = std::function<std::unique_ptr<Contender>(Session& rpc, int64_t lease_id)>;

// Parses --ttl: a positive number of seconds (etcdctl silently turns 0 and negatives into 60).
int64_t parse_session_ttl(const std::string& text);

// Runs one turn. Returns when the exit status is 0; otherwise throws Error with the status and a
// message saying what happened (empty for a command's own non-zero status).
void run_turn(Context& ctx, const TurnOptions& options, const ContenderFactory& make_contender);

} // namespace ectl
