#pragma once
// Options and pure request builders of the KV commands (put, get, del, compaction), shared by the
// commands and by txn's request lines (no CLI here: flags are bound in kv_flags.hpp).

#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"
#include "session/retry.hpp"
#include "write_conditions.hpp"

namespace ectl {

// `put [options] <key> <value>` (value may come from stdin).
struct PutOptions {
    std::vector<std::string> args;
    std::string lease = "0";
    bool prev_kv = false;
    bool ignore_value = false;
    bool ignore_lease = false;
    // ectl's additions (the put command only, not txn's put lines):
    std::string ttl;                // --ttl: grant a lease of this long and attach it ("" when not given)
    WriteConditionFlags conditions; // --if-absent, --if-mod-rev, --if-value
};

// Builds the PutRequest; stdin_value is used when only the key is given. Throws Error(bad_args).
etcdserverpb::PutRequest make_put_request(const PutOptions& o, const std::string* stdin_value);

// True when put must read its value from standard input.
bool put_needs_stdin(const PutOptions& o);

// `get [options] <key> [range_end]`.
struct GetOptions {
    std::vector<std::string> args;
    std::string consistency = "l";
    std::string order;
    std::string sort_by;
    std::string limit = "0";
    bool prefix = false;
    bool from_key = false;
    std::string rev = "0";
    bool keys_only = false;
    bool print_value_only = false;
    // ectl's additions (the get command only, not txn's get lines):
    bool require = false; // --require: exit 66 when no key matched
    bool watch = false;   // --watch: then stream every change from the read's revision + 1
};

// Builds the RangeRequest with etcdctl's validation order and messages. Throws Error.
etcdserverpb::RangeRequest make_get_request(const GetOptions& o);

// `del [options] <key> [range_end]`.
struct DelOptions {
    std::vector<std::string> args;
    bool prefix = false;
    bool prev_kv = false;
    bool from_key = false;
    // ectl's additions (the del command only):
    std::optional<std::string> if_mod_rev; // --if-mod-rev
    bool dry_run = false;                  // --dry-run: say what would go, delete nothing
};

// Builds the DeleteRangeRequest. Throws Error(bad_args).
etcdserverpb::DeleteRangeRequest make_del_request(const DelOptions& o);

// `compaction [options] <revision>`.
struct CompactionOptions {
    std::vector<std::string> args;
    bool physical = false;
};

// A txn that only reads may be retried like a get; any write in it makes it a write.
Retry txn_retry(const etcdserverpb::TxnRequest& req);

// Throws Error(error) when req is larger than a client may send (gRPC would refuse it, less clearly).
void check_send_size(const google::protobuf::MessageLite& req);

// Builds the CompactionRequest; the revision must be one integer > 0. Throws Error(bad_args).
etcdserverpb::CompactionRequest make_compaction_request(const CompactionOptions& o);

} // namespace ectl
