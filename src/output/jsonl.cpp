// -w jsonl: ectl's own format, one decoded record per line (the schema is in the README).
#include <fmt/format.h>

#include "output/formats.hpp"
#include "output/json_record.hpp"

namespace ectl {
namespace {

std::string kv_array(const google::protobuf::RepeatedPtrField<mvccpb::KeyValue>& kvs, bool keys_only = false) {
    std::string text = "[";
    for (const auto& kv : kvs) {
        text += text.size() > 1 ? "," : "";
        text += kv_object(kv, keys_only);
    }
    return text + ']';
}

JsonRecord put_record(const etcdserverpb::PutResponse& resp) {
    JsonRecord r;
    r.number("revision", resp.header().revision());
    if (resp.has_prev_kv()) {
        r.json("prev_kv", kv_object(resp.prev_kv()));
    }
    return r;
}

// keys_only: del --dry-run without --prev-kv, which read no values.
JsonRecord del_record(const etcdserverpb::DeleteRangeResponse& resp, bool keys_only) {
    JsonRecord r;
    r.number("deleted", resp.deleted()).number("revision", resp.header().revision());
    if (!resp.prev_kvs().empty()) {
        r.json("prev_kvs", kv_array(resp.prev_kvs(), keys_only));
    }
    return r;
}

// One inner response of a txn: {"op":"put"|"del"|"get", ...the single command's members}.
std::string txn_op_object(const etcdserverpb::ResponseOp& op) {
    JsonRecord r;
    if (op.has_response_put()) {
        r.text("op", "put");
        if (op.response_put().has_prev_kv()) {
            r.json("prev_kv", kv_object(op.response_put().prev_kv()));
        }
    } else if (op.has_response_delete_range()) {
        const auto& del = op.response_delete_range();
        r.text("op", "del").number("deleted", del.deleted());
        if (!del.prev_kvs().empty()) {
            r.json("prev_kvs", kv_array(del.prev_kvs()));
        }
    } else if (op.has_response_range()) {
        const auto& range = op.response_range();
        r.text("op", "get").number("count", range.count()).json("kvs", kv_array(range.kvs()));
        if (range.more()) {
            r.boolean("more", true);
        }
    } else {
        r.text("op", "unknown");
    }
    return r.object();
}

class JsonlPrinter : public Printer {
public:
    JsonlPrinter(const PrintOptions& options, Sink& out) : Printer("jsonl", options, out) {}

    void put(const etcdserverpb::PutResponse& resp) override { out().write(put_record(resp).line()); }

    void put_leased(const etcdserverpb::PutResponse& resp, const etcdserverpb::LeaseGrantResponse& lease) override {
        JsonRecord r = put_record(resp);
        r.lease_id("lease", lease.id()).number("ttl", lease.ttl());
        out().write(r.line());
    }

    void del(const etcdserverpb::DeleteRangeResponse& resp) override {
        out().write(del_record(resp, options().keys_only).line());
    }

    void range_begin(const etcdserverpb::RangeResponse& /*head*/) override {}
    void range_kv(const mvccpb::KeyValue& kv) override { out().write(kv_object(kv, options().keys_only) + '\n'); }
    void range_end(const etcdserverpb::RangeResponse& /*head*/) override {}

    void txn(const etcdserverpb::TxnResponse& resp) override {
        std::string ops = "[";
        for (const auto& op : resp.responses()) {
            ops += ops.size() > 1 ? "," : "";
            ops += txn_op_object(op);
        }
        JsonRecord r;
        r.boolean("succeeded", resp.succeeded())
            .number("revision", resp.header().revision())
            .json("responses", ops + ']');
        out().write(r.line());
    }

    void watch(const etcdserverpb::WatchResponse& resp) override;
    void watch_progress(const etcdserverpb::WatchResponse& resp) override {
        JsonRecord r;
        out().write(r.text("type", "progress").number("revision", resp.header().revision()).line());
    }
    void watch_reconnected(int64_t revision) override {
        JsonRecord r;
        out().write(r.text("type", "reconnected").number("revision", revision).line());
    }

    void lease_grant(const etcdserverpb::LeaseGrantResponse& resp) override { lease_line(resp.id(), resp.ttl()); }
    void lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& resp) override {
        lease_line(resp.id(), resp.ttl());
    }
    void lease_revoke(int64_t id, const etcdserverpb::LeaseRevokeResponse& /*resp*/) override {
        JsonRecord r;
        out().write(r.lease_id("id", id).boolean("revoked", true).line());
    }
    void lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool keys) override;
    void lease_list(const etcdserverpb::LeaseLeasesResponse& resp) override {
        std::string text;
        for (const auto& lease : resp.leases()) {
            text += JsonRecord().lease_id("id", lease.id()).line();
        }
        out().write(text);
    }

protected:
    void render(const Rendering& r) override {
        if (!r.jsonl) {
            unsupported();
        }
        std::string text;
        r.jsonl(text);
        out().write(text);
    }
    bool can_render(const Rendering& r) const override { return static_cast<bool>(r.jsonl); }

private:
    void lease_line(int64_t id, int64_t ttl) { out().write(JsonRecord().lease_id("id", id).number("ttl", ttl).line()); }
};

// Each event is a key-value record with "type" first; a cancelled watch says why in a record.
void JsonlPrinter::watch(const etcdserverpb::WatchResponse& resp) {
    for (const auto& ev : resp.events()) {
        JsonRecord r;
        r.text("type", ev.type() == mvccpb::Event::DELETE ? "DELETE" : "PUT");
        add_kv_members(r, ev.kv(), options().keys_only);
        if (ev.has_prev_kv()) {
            r.json("prev_kv", kv_object(ev.prev_kv()));
        }
        out().write(r.line());
    }
    if (resp.canceled() && resp.compact_revision() != 0) {
        out().write(JsonRecord().text("type", "compacted").number("compact_revision", resp.compact_revision()).line());
    } else if (resp.canceled()) {
        out().write(JsonRecord().text("type", "canceled").text("reason", resp.cancel_reason()).line());
    }
}

void JsonlPrinter::lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool keys) {
    JsonRecord r;
    r.lease_id("id", resp.id()).number("ttl", resp.ttl()).number("granted_ttl", resp.grantedttl());
    if (keys) {
        std::string list = "[";
        for (const auto& key : resp.keys()) {
            list += list.size() > 1 ? "," : "";
            list += JsonRecord().bytes("key", key).object();
        }
        r.json("keys", list + ']');
    }
    out().write(r.line());
}

} // namespace

std::unique_ptr<Printer> make_jsonl_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<JsonlPrinter>(options, out);
}

} // namespace ectl
