#pragma once
// The Printer interface: one method per response type, one implementation per -w format.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "etcdserverpb/rpc.pb.h"
#include "output/sink.hpp"
#include "output/text_table.hpp"

namespace ectl {

// Options every printer honours.
struct PrintOptions {
    bool hex = false;        // --hex: byte strings as \x.. escapes (simple format)
    bool value_only = false; // get --print-value-only (simple format)
    bool keys_only = false;  // get --keys-only, del --dry-run: no values to show (jsonl omits them)
};

class FieldLines;

// How one kind of response renders, for commands that bring their own text formats (member list,
// endpoint status ...): a new command needs no new Printer method. A null view means etcdctl's
// "<format> not supported as output format" (exit 4). json and protobuf need no view when Resp
// is a protobuf message: they print it generically (json: Go's encoding/json of the gogoproto
// struct). Set json to print a Go wrapper instead, and protobuf = false where etcdctl refuses.
template <typename Resp>
struct Views {
    void (*simple)(const Resp&, Sink&) = nullptr;
    void (*fields)(const Resp&, FieldLines&) = nullptr;
    TextTable (*table)(const Resp&) = nullptr;
    void (*json)(const Resp&, std::string&) = nullptr; // appends the JSON text, without the newline
    bool protobuf = std::is_base_of_v<google::protobuf::Message, Resp>;
    void (*jsonl)(const Resp&, std::string&) = nullptr; // appends whole lines (output/json_record.hpp)
    // For a Resp that wraps a protobuf message with what its text views need (an ID, an
    // argument): the message that json and protobuf print generically.
    const google::protobuf::Message& (*message)(const Resp&) = nullptr;
};

// Which formats a response has (Views with the response bound, as printers see it).
struct Rendering {
    bool generic = false;                               // the response is a protobuf message
    const google::protobuf::Message* message = nullptr; // it (when printing), for json and protobuf
    std::function<void(Sink&)> simple;
    std::function<void(FieldLines&)> fields;
    std::function<TextTable()> table;
    std::function<void(std::string&)> json;
    bool protobuf = false;
    std::function<void(std::string&)> jsonl;
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
    // put --ttl's response: the put and the lease granted for it (default: as put).
    virtual void put_leased(const etcdserverpb::PutResponse& resp, const etcdserverpb::LeaseGrantResponse& lease);
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
    // A progress notification (default: etcdctl's "progress notify: <rev>" line, then watch()).
    virtual void watch_progress(const etcdserverpb::WatchResponse& resp);
    // The watch resumed at revision after a lost connection (default: nothing; a note says so).
    virtual void watch_reconnected(int64_t revision);
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

    // Fails (exit 4) unless this format prints etcdctl's own responses (all but table do).
    void check_builtin() const;

    // Fails (exit 4) unless this format can print responses with these views: called before the
    // RPC, so that an unsupported -w changes nothing on the server.
    template <typename Resp>
    void check(const Views<Resp>& views) const {
        check(bind<Resp>(views, nullptr));
    }
    // Prints resp with its views.
    template <typename Resp>
    void print(const Resp& resp, const Views<Resp>& views) {
        render(bind(views, &resp));
    }

protected:
    // Prints one response with the view of this format (default: unsupported).
    virtual void render(const Rendering& r);
    // Whether render() can print r (default: no).
    virtual bool can_render(const Rendering& r) const;
    // Whether this format prints put/get/del/txn/watch/lease responses (default: yes).
    virtual bool prints_builtin() const { return true; }
    [[noreturn]] void unsupported() const;
    // Prints each inner response of a txn with this format's del/put/get, after separator;
    // unknown(op) handles a kind etcd 3.4 never sends.
    void txn_responses(const etcdserverpb::TxnResponse& resp, std::string_view separator,
                       const std::function<void(const etcdserverpb::ResponseOp&)>& unknown);
    Sink& out() { return m_out; }
    const PrintOptions& options() const { return m_options; }

private:
    void check(const Rendering& r) const;
    // r's views bound to resp (nullptr: only which views exist matters).
    template <typename Resp>
    static Rendering bind(const Views<Resp>& v, const Resp* resp) {
        Rendering r;
        if constexpr (std::is_base_of_v<google::protobuf::Message, Resp>) {
            r.generic = true;
            r.message = resp;
        } else if (v.message != nullptr) {
            r.generic = true;
            r.message = resp != nullptr ? &v.message(*resp) : nullptr;
        }
        if (v.simple != nullptr) {
            r.simple = [v, resp](Sink& out) { v.simple(*resp, out); };
        }
        if (v.fields != nullptr) {
            r.fields = [v, resp](FieldLines& lines) { v.fields(*resp, lines); };
        }
        if (v.table != nullptr) {
            r.table = [v, resp] { return v.table(*resp); };
        }
        if (v.json != nullptr) {
            r.json = [v, resp](std::string& text) { v.json(*resp, text); };
        }
        if (v.jsonl != nullptr) {
            r.jsonl = [v, resp](std::string& text) { v.jsonl(*resp, text); };
        }
        r.protobuf = v.protobuf;
        return r;
    }

    std::string m_format;
    PrintOptions m_options;
    Sink& m_out;
};

// Makes the printer for a -w value; throws Error(bad_feature) for an unknown format.
std::unique_ptr<Printer> make_printer(const std::string& format, const PrintOptions& options, Sink& out);
// The names of every -w format.
std::vector<std::string> output_formats();

} // namespace ectl
