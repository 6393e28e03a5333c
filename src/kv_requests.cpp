#include "kv_requests.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "error.hpp"
#include "key_range.hpp"
#include "parse.hpp"
#include "session/config.hpp"

namespace ectl {
namespace {

using etcdserverpb::RangeRequest;

constexpr const char* k_put_usage = "put command needs 1 argument and input from stdin or 2 arguments";
constexpr const char* k_get_usage = "get command needs one argument as key and an optional argument as range_end";

int64_t non_negative_flag(std::string_view flag, const std::string& text) {
    int64_t value = parse_int_flag(flag, text);
    if (value < 0) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: must not be negative", text, flag));
    }
    return value;
}

RangeRequest::SortOrder sort_order(const std::string& text) {
    std::string v = ascii_upper(text);
    if (v.empty()) {
        return RangeRequest::NONE;
    }
    if (v == "ASCEND") {
        return RangeRequest::ASCEND;
    }
    if (v == "DESCEND") {
        return RangeRequest::DESCEND;
    }
    throw Error(ExitCode::bad_feature, fmt::format("bad sort order {}", text));
}

RangeRequest::SortTarget sort_target(const std::string& text) {
    static const std::pair<const char*, RangeRequest::SortTarget> k_targets[] = {
        {"", RangeRequest::KEY},       {"KEY", RangeRequest::KEY},     {"CREATE", RangeRequest::CREATE},
        {"MODIFY", RangeRequest::MOD}, {"VALUE", RangeRequest::VALUE}, {"VERSION", RangeRequest::VERSION},
    };
    std::string v = ascii_upper(text);
    for (const auto& [name, target] : k_targets) {
        if (v == name) {
            return target;
        }
    }
    throw Error(ExitCode::bad_feature, fmt::format("bad sort target {}", text));
}

} // namespace

bool put_needs_stdin(const PutOptions& o) {
    return !o.args.empty() && o.args.size() == 1 && !o.ignore_value;
}

etcdserverpb::PutRequest make_put_request(const PutOptions& o, const std::string* stdin_value) {
    if (o.args.empty()) {
        throw_bad_args(k_put_usage);
    }
    if (o.ignore_value && o.args.size() > 1) {
        throw_bad_args("put command needs only 1 argument when 'ignore-value' is set");
    }
    if (o.args.size() > 2) {
        throw_bad_args(
            fmt::format("{} (got {} arguments; quote a value that contains spaces)", k_put_usage, o.args.size()));
    }
    etcdserverpb::PutRequest req;
    req.set_key(o.args[0]);
    if (!o.ignore_value) {
        if (o.args.size() > 1) {
            req.set_value(o.args[1]);
        } else if (stdin_value == nullptr || stdin_value->empty()) {
            throw_bad_args(k_put_usage); // an explicit '' is a value; empty stdin is not
        } else {
            req.set_value(*stdin_value);
        }
    }
    int64_t lease = parse_lease_id(o.lease, "bad lease ID");
    if (lease < 0) {
        throw_bad_args(fmt::format("bad lease ID (\"{}\" is negative), expecting ID in Hex", o.lease));
    }
    if (req.key().empty()) {
        throw_bad_args("key is not provided (etcd keys cannot be empty)");
    }
    req.set_lease(lease);
    req.set_prev_kv(o.prev_kv);
    req.set_ignore_value(o.ignore_value);
    req.set_ignore_lease(o.ignore_lease);
    return req;
}

RangeRequest make_get_request(const GetOptions& o) {
    int64_t limit = non_negative_flag("limit", o.limit);
    int64_t rev = non_negative_flag("rev", o.rev);
    if (o.args.empty() || o.args.size() > 2) {
        throw_bad_args(o.args.empty() ? std::string(k_get_usage)
                                      : fmt::format("{} (got {} arguments)", k_get_usage, o.args.size()));
    }
    if (o.prefix && o.from_key) {
        throw_bad_args("`--prefix` and `--from-key` cannot be set at the same time, choose one");
    }
    RangeRequest req;
    if (o.consistency == "s") {
        req.set_serializable(true);
    } else if (o.consistency != "l") {
        throw Error(ExitCode::bad_feature, fmt::format("unknown consistency flag \"{}\"", o.consistency));
    }
    if (o.args.size() > 1 && (o.prefix || o.from_key)) {
        throw_bad_args("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
    }
    auto order = sort_order(o.order);
    auto target = sort_target(o.sort_by);
    // etcd returns keys in ascending key order anyway; clientv3 drops that redundant sort.
    if (target == RangeRequest::KEY && order == RangeRequest::ASCEND) {
        order = RangeRequest::NONE;
    }
    KeyRange range = resolve_key_range(o.args[0], o.args.size() > 1 ? &o.args[1] : nullptr, o.prefix, o.from_key);
    req.set_key(range.key);
    req.set_range_end(range.range_end);
    req.set_limit(limit);
    req.set_revision(rev);
    req.set_sort_order(order);
    req.set_sort_target(target);
    req.set_keys_only(o.keys_only);
    return req;
}

etcdserverpb::DeleteRangeRequest make_del_request(const DelOptions& o) {
    if (o.args.empty() || o.args.size() > 2) {
        throw_bad_args("del command needs one argument as key and an optional argument as range_end");
    }
    if (o.prefix && o.from_key) {
        throw_bad_args("`--prefix` and `--from-key` cannot be set at the same time, choose one");
    }
    if (o.args.size() > 1 && (o.prefix || o.from_key)) {
        throw_bad_args("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
    }
    KeyRange range = resolve_key_range(o.args[0], o.args.size() > 1 ? &o.args[1] : nullptr, o.prefix, o.from_key);
    etcdserverpb::DeleteRangeRequest req;
    req.set_key(range.key);
    req.set_range_end(range.range_end);
    req.set_prev_kv(o.prev_kv);
    return req;
}

Retry txn_retry(const etcdserverpb::TxnRequest& req) {
    auto reads = [](const auto& ops) {
        return std::all_of(ops.begin(), ops.end(), [](const auto& op) { return op.has_request_range(); });
    };
    return reads(req.success()) && reads(req.failure()) ? Retry::read : Retry::write;
}

void check_send_size(const google::protobuf::MessageLite& req) {
    if (static_cast<int64_t>(req.ByteSizeLong()) > k_max_send_bytes) {
        throw Error(ExitCode::error,
                    fmt::format("request is too large: {} bytes, more than the {} bytes a client may send "
                                "(etcd itself accepts 1.5 MiB by default)",
                                req.ByteSizeLong(), k_max_send_bytes));
    }
}

etcdserverpb::CompactionRequest make_compaction_request(const CompactionOptions& o) {
    if (o.args.size() != 1) {
        throw_bad_args("compaction command needs 1 argument");
    }
    const std::string& text = o.args[0];
    int64_t rev = 0;
    std::string err = go_parse_int(text, 10, rev);
    if (!err.empty()) {
        throw_bad_args(fmt::format("invalid revision \"{}\": {}", text, err));
    }
    // etcdctl sends these to the server: 0 "succeeds" and compacts nothing.
    if (rev <= 0) {
        throw_bad_args(fmt::format("invalid revision \"{}\": revision must be > 0", text));
    }
    etcdserverpb::CompactionRequest req;
    req.set_revision(rev);
    req.set_physical(o.physical);
    return req;
}

} // namespace ectl
