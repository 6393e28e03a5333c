#pragma once
// Options structs and pure request builders of put, get and del (unit-tested).

#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// `put [options] <key> <value>` (value may come from stdin).
struct PutOptions {
    std::vector<std::string> args;
    std::string lease = "0";
    bool prev_kv = false;
    bool ignore_value = false;
    bool ignore_lease = false;
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
};

// Builds the RangeRequest with etcdctl's validation order and messages. Throws Error.
etcdserverpb::RangeRequest make_get_request(const GetOptions& o);

// `del [options] <key> [range_end]`.
struct DelOptions {
    std::vector<std::string> args;
    bool prefix = false;
    bool prev_kv = false;
    bool from_key = false;
};

// Builds the DeleteRangeRequest. Throws Error(bad_args).
etcdserverpb::DeleteRangeRequest make_del_request(const DelOptions& o);

} // namespace ectl
