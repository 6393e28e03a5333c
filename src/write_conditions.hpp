#pragma once
// Safe writes without txn grammar: put --if-absent / --if-mod-rev / --if-value and
// del --if-mod-rev become one transaction (compare, then write; else read the key), so no other
// client's write can slip in between the check and the write.

#include <cstdint>
#include <optional>
#include <string>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// The conditions as given on the command line (unset: the flag was not given).
struct WriteConditionFlags {
    bool if_absent = false;
    std::optional<std::string> if_mod_rev;
    std::optional<std::string> if_value;
};

// The conditions a write is made under.
struct WriteConditions {
    bool if_absent = false;
    std::optional<int64_t> if_mod_rev;
    std::optional<std::string> if_value;
    // True when there is any condition (the write must be a transaction).
    bool any() const { return if_absent || if_mod_rev || if_value; }
};

// Checks the flags: a revision >= 0, --if-absent alone. Throws Error(bad_args).
WriteConditions parse_write_conditions(const WriteConditionFlags& flags);

// The transaction: every condition compared on key; success runs write, failure reads the key.
etcdserverpb::TxnRequest make_conditional_txn(const std::string& key, const WriteConditions& c,
                                              etcdserverpb::RequestOp write);

// What the failed transaction found, e.g. compare failed: key "a" exists (mod_revision 7).
std::string compare_failure(const std::string& key, const WriteConditions& c, const etcdserverpb::TxnResponse& resp);

class Session;

// Runs the conditional transaction; returns the write's own response with the transaction's
// header, or throws Error(condition_failed) saying what was found.
etcdserverpb::ResponseOp write_if(Session& session, const std::string& key, const WriteConditions& c,
                                  etcdserverpb::RequestOp write);

} // namespace ectl
