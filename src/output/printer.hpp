#pragma once
// The Printer interface: one method per response type, one implementation per -w format.

#include <functional>
#include <memory>
#include <string_view>
#include <string>

#include "etcdserverpb/rpc.pb.h"
#include "output/sink.hpp"

namespace ectl {

// Options every printer honours.
struct PrintOptions {
    bool hex = false;        // --hex: byte strings as \x.. escapes (simple format)
    bool value_only = false; // get --print-value-only (simple format)
};

// Renders responses for one output format. The default of every method is etcdctl's
// "<format> not supported as output format" (exit 4), so a format overrides what it supports.
class Printer {
public:
    Printer(std::string format, PrintOptions options, Sink& out);
    virtual ~Printer() = default;
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;

    // The -w name of this format.
    const std::string& format() const { return m_format; }

    // put's response.
    virtual void put(const etcdserverpb::PutResponse& resp);
    // del's response.
    virtual void del(const etcdserverpb::DeleteRangeResponse& resp);
    // A range printed as it streams in: head carries header/count/more (its kvs are ignored).
    virtual void range_begin(const etcdserverpb::RangeResponse& head);
    // One key-value of the range being printed.
    virtual void range_kv(const mvccpb::KeyValue& kv);
    // Closes the range opened by range_begin.
    virtual void range_end(const etcdserverpb::RangeResponse& head);
    // A whole range response at once (range_begin, every kv, range_end).
    void get(const etcdserverpb::RangeResponse& resp);
    // txn's response (each inner response printed as its own kind).
    virtual void txn(const etcdserverpb::TxnResponse& resp);
    // One watch response carrying events (printed and flushed per response).
    virtual void watch(const etcdserverpb::WatchResponse& resp);
    // lease grant.
    virtual void lease_grant(const etcdserverpb::LeaseGrantResponse& resp);
    // lease revoke of id.
    virtual void lease_revoke(int64_t id, const etcdserverpb::LeaseRevokeResponse& resp);
    // One lease keep-alive answer.
    virtual void lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& resp);
    // lease timetolive (keys: whether --keys was asked).
    virtual void lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool keys);
    // lease list.
    virtual void lease_list(const etcdserverpb::LeaseLeasesResponse& resp);

protected:
    [[noreturn]] void unsupported() const;
    // Prints each inner response of a txn with this format's del/put/get, after separator;
    // unknown(op) handles a kind etcd 3.4 never sends.
    void txn_responses(const etcdserverpb::TxnResponse& resp, std::string_view separator,
                       const std::function<void(const etcdserverpb::ResponseOp&)>& unknown);
    Sink& out() { return m_out; }
    const PrintOptions& options() const { return m_options; }

private:
    std::string m_format;
    PrintOptions m_options;
    Sink& m_out;
};

// Makes the printer for a -w value; throws Error(bad_feature) for an unknown format.
std::unique_ptr<Printer> make_printer(const std::string& format, const PrintOptions& options, Sink& out);

} // namespace ectl
