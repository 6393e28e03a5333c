#include "write_conditions.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "error.hpp"
#include "go_quote.hpp"
#include "parse.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::Compare;

// Long or binary values are shown by their start only: the message is one line for a terminal.
std::string shown_value(const std::string& value) {
    constexpr size_t k_max = 64;
    if (value.size() <= k_max) {
        return go_quote(value);
    }
    return fmt::format("{}... ({} bytes)", go_quote(value.substr(0, k_max)), value.size());
}

Compare compare(const std::string& key, Compare::CompareTarget target) {
    Compare c;
    c.set_key(key);
    c.set_target(target);
    c.set_result(Compare::EQUAL);
    return c;
}

} // namespace

WriteConditions parse_write_conditions(const WriteConditionFlags& flags) {
    WriteConditions c;
    c.if_absent = flags.if_absent;
    c.if_value = flags.if_value;
    if (flags.if_mod_rev) {
        int64_t rev = parse_int_flag("if-mod-rev", *flags.if_mod_rev);
        if (rev < 0) {
            throw_bad_args(fmt::format("invalid argument \"{}\" for \"--if-mod-rev\" flag: must not be negative",
                                       *flags.if_mod_rev));
        }
        c.if_mod_rev = rev;
    }
    if (c.if_absent && (c.if_mod_rev || c.if_value)) {
        throw_bad_args("--if-absent cannot be combined with --if-mod-rev or --if-value (an absent key has neither)");
    }
    if (c.if_mod_rev == 0 && c.if_value) {
        throw_bad_args("--if-mod-rev=0 means the key is absent: it cannot be combined with --if-value");
    }
    return c;
}

etcdserverpb::TxnRequest make_conditional_txn(const std::string& key, const WriteConditions& c,
                                              etcdserverpb::RequestOp write) {
    etcdserverpb::TxnRequest txn;
    if (c.if_absent) {
        *txn.add_compare() = compare(key, Compare::CREATE); // create_revision 0: no such key
    }
    if (c.if_mod_rev) {
        Compare& cmp = *txn.add_compare() = compare(key, Compare::MOD);
        cmp.set_mod_revision(*c.if_mod_rev);
    }
    if (c.if_value) {
        Compare& cmp = *txn.add_compare() = compare(key, Compare::VALUE);
        cmp.set_value(*c.if_value);
    }
    *txn.add_success() = std::move(write);
    txn.add_failure()->mutable_request_range()->set_key(key);
    return txn;
}

std::string compare_failure(const std::string& key, const WriteConditions& c, const etcdserverpb::TxnResponse& resp) {
    const etcdserverpb::RangeResponse* found = nullptr;
    if (resp.responses_size() > 0 && resp.responses(0).has_response_range()) {
        found = &resp.responses(0).response_range();
    }
    const std::string name = go_quote(key);
    if (found == nullptr || found->kvs().empty()) {
        std::vector<std::string> wanted;
        if (c.if_mod_rev) {
            wanted.push_back(fmt::format("mod_revision {}", *c.if_mod_rev));
        }
        if (c.if_value) {
            wanted.push_back("value " + shown_value(*c.if_value));
        }
        return fmt::format("compare failed: key {} does not exist (wanted {})", name, fmt::join(wanted, " and "));
    }
    const mvccpb::KeyValue& kv = found->kvs(0);
    if (c.if_absent || (c.if_mod_rev && *c.if_mod_rev == 0)) { // --if-mod-rev=0 also means absent
        return fmt::format("compare failed: key {} exists (mod_revision {})", name, kv.mod_revision());
    }
    if (c.if_mod_rev && kv.mod_revision() != *c.if_mod_rev) {
        return fmt::format("compare failed: key {} has mod_revision {}, not {}", name, kv.mod_revision(),
                           *c.if_mod_rev);
    }
    return fmt::format("compare failed: key {} has value {} (mod_revision {}), not {}", name, shown_value(kv.value()),
                       kv.mod_revision(), shown_value(c.if_value.value_or("")));
}

etcdserverpb::ResponseOp write_if(Session& session, const std::string& key, const WriteConditions& c,
                                  etcdserverpb::RequestOp write) {
    auto resp =
        session.call(&etcdserverpb::KV::Stub::Txn, make_conditional_txn(key, c, std::move(write)), Retry::write);
    if (!resp.succeeded()) {
        throw Error(ExitCode::condition_failed, compare_failure(key, c, resp));
    }
    etcdserverpb::ResponseOp op = resp.responses(0);
    // The inner response's header is empty: give it the transaction's, as the plain write has.
    if (op.has_response_put()) {
        *op.mutable_response_put()->mutable_header() = resp.header();
    } else if (op.has_response_delete_range()) {
        *op.mutable_response_delete_range()->mutable_header() = resp.header();
    }
    return op;
}

} // namespace ectl
