#include <fmt/format.h>

#include "go_quote.hpp"
#include "output/field_lines.hpp"
#include "output/formats.hpp"

namespace ectl {
namespace {

// etcdctl's fieldsPrinter: one `"Name" : value` line per field, byte strings Go-quoted (%q).
class FieldsPrinter : public Printer {
public:
    FieldsPrinter(const PrintOptions& options, Sink& out) : Printer("fields", options, out) {}

    void put(const etcdserverpb::PutResponse& resp) override {
        header(resp.header());
        if (resp.has_prev_kv()) {
            kv("Prev", resp.prev_kv());
        }
    }

    void del(const etcdserverpb::DeleteRangeResponse& resp) override {
        header(resp.header());
        line("Deleted", resp.deleted());
        for (const auto& prev : resp.prev_kvs()) {
            kv("Prev", prev);
        }
    }

    void range_begin(const etcdserverpb::RangeResponse& head) override { header(head.header()); }
    void range_kv(const mvccpb::KeyValue& item) override { kv("", item); }
    void range_end(const etcdserverpb::RangeResponse& head) override {
        line("More", head.more() ? "true" : "false");
        line("Count", head.count());
    }

    void txn(const etcdserverpb::TxnResponse& resp) override {
        header(resp.header());
        line("Succeeded", resp.succeeded() ? "true" : "false");
        txn_responses(resp, "",
                      [this](const etcdserverpb::ResponseOp& op) { line("Unknown", go_quote(op.ShortDebugString())); });
    }

    void watch(const etcdserverpb::WatchResponse& resp) override {
        header(resp.header());
        for (const auto& ev : resp.events()) {
            line("Type", ev.type() == mvccpb::Event::DELETE ? "DELETE" : "PUT");
            if (ev.has_prev_kv()) {
                kv("Prev", ev.prev_kv());
            }
            kv("", ev.kv());
        }
    }

    void lease_grant(const etcdserverpb::LeaseGrantResponse& resp) override {
        header(resp.header());
        line("ID", resp.id());
        line("TTL", resp.ttl());
    }

    void lease_revoke(int64_t /*id*/, const etcdserverpb::LeaseRevokeResponse& resp) override { header(resp.header()); }

    void lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& resp) override {
        header(resp.header());
        line("ID", resp.id());
        line("TTL", resp.ttl());
    }

    void lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool /*keys*/) override {
        header(resp.header());
        line("ID", resp.id());
        line("TTL", resp.ttl());
        line("GrantedTTL", resp.grantedttl());
        for (const auto& k : resp.keys()) {
            line("Key", go_quote(k));
        }
    }

    void lease_list(const etcdserverpb::LeaseLeasesResponse& resp) override {
        header(resp.header());
        for (const auto& l : resp.leases()) {
            line("ID", l.id());
        }
    }

protected:
    void render(const Rendering& r) override { r.fields ? r.fields(m_lines) : unsupported(); }
    bool can_render(const Rendering& r) const override { return static_cast<bool>(r.fields); }

private:
    template <typename T>
    void line(std::string_view name, const T& value) {
        m_lines.line(name, value);
    }
    void header(const etcdserverpb::ResponseHeader& h) { m_lines.header(h); }
    void kv(std::string_view prefix, const mvccpb::KeyValue& item) { m_lines.kv(prefix, item); }

    FieldLines m_lines{out()};
};

} // namespace

std::unique_ptr<Printer> make_fields_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<FieldsPrinter>(options, out);
}

} // namespace ectl
