#include <fmt/format.h>

#include "output/formats.hpp"
#include "output/go_json.hpp"

namespace ectl {
namespace {

// etcdctl marshals the gogoproto response structs with encoding/json and prints one line each.
class JsonPrinter : public Printer {
public:
    JsonPrinter(const PrintOptions& options, Sink& out) : Printer("json", options, out) {}

    void put(const etcdserverpb::PutResponse& resp) override { line(resp); }
    // ectl's put --ttl: the response plus the lease it granted, its ID in hex (as everywhere in
    // ectl) so that jq cannot round it.
    void put_leased(const etcdserverpb::PutResponse& resp, const etcdserverpb::LeaseGrantResponse& lease) override {
        append_go_json(m_buf, resp);
        m_buf.pop_back(); // the closing brace
        m_buf +=
            fmt::format("{}\"lease\":\"{:016x}\",\"ttl\":{}}}\n", m_buf.size() > 1 ? "," : "", lease.id(), lease.ttl());
        emit();
    }
    void del(const etcdserverpb::DeleteRangeResponse& resp) override { line(resp); }

    // A RangeResponse is {"header":..,"kvs":[..],"more":..,"count":..}: written piecewise so a
    // paged range never has to be held in memory.
    void range_begin(const etcdserverpb::RangeResponse& head) override {
        m_buf += '{';
        m_fields = 0;
        m_kvs = 0;
        if (head.has_header()) {
            m_buf += "\"header\":";
            append_go_json(m_buf, head.header());
            ++m_fields;
        }
    }

    void range_kv(const mvccpb::KeyValue& kv) override {
        if (m_kvs == 0) {
            m_buf += m_fields > 0 ? ",\"kvs\":[" : "\"kvs\":[";
            ++m_fields;
        } else {
            m_buf += ',';
        }
        ++m_kvs;
        append_go_json(m_buf, kv);
        emit();
    }

    void range_end(const etcdserverpb::RangeResponse& head) override {
        if (m_kvs > 0) {
            m_buf += ']';
        }
        if (head.more()) {
            m_buf += m_fields++ > 0 ? ",\"more\":true" : "\"more\":true";
        }
        if (head.count() != 0) {
            m_buf += m_fields++ > 0 ? ",\"count\":" : "\"count\":";
            append_go_json_int(m_buf, head.count());
        }
        m_buf += "}\n";
        emit();
    }

    void txn(const etcdserverpb::TxnResponse& resp) override { line(resp); }
    void lease_revoke(int64_t /*id*/, const etcdserverpb::LeaseRevokeResponse& resp) override { line(resp); }

    // clientv3.WatchResponse: Go field names, a value (not pointer) header, nothing omitted.
    // Written to the sink event by event: a replay may bring 100,000s of events in one response.
    void watch(const etcdserverpb::WatchResponse& resp) override {
        m_buf += "{\"Header\":";
        append_go_json(m_buf, resp.header());
        // clientv3 always makes the slice, so an empty list is [] (progress, cancel).
        m_buf += ",\"Events\":[";
        for (int i = 0; i < resp.events_size(); ++i) {
            if (i > 0) {
                m_buf += ',';
            }
            append_go_json(m_buf, resp.events(i));
            emit();
        }
        m_buf += "],\"CompactRevision\":";
        append_go_json_int(m_buf, resp.compact_revision());
        m_buf += resp.canceled() ? ",\"Canceled\":true" : ",\"Canceled\":false";
        m_buf += resp.created() ? ",\"Created\":true}\n" : ",\"Created\":false}\n";
        emit();
    }

    // The clientv3 lease wrappers embed *pb.ResponseHeader (its fields inline) and add their own.
    void lease_grant(const etcdserverpb::LeaseGrantResponse& resp) override {
        std::string text = wrapper_head(resp.header());
        text += fmt::format("\"ID\":{},\"TTL\":{},\"Error\":", resp.id(), resp.ttl());
        append_go_json_string(text, resp.error());
        out().write(text + "}\n");
    }

    void lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& resp) override {
        out().write(wrapper_head(resp.header()) + fmt::format("\"ID\":{},\"TTL\":{}}}\n", resp.id(), resp.ttl()));
    }

    void lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool /*keys*/) override {
        std::string text = wrapper_head(resp.header());
        text +=
            fmt::format("\"id\":{},\"ttl\":{},\"granted-ttl\":{},\"keys\":", resp.id(), resp.ttl(), resp.grantedttl());
        if (resp.keys().empty()) {
            text += "null";
        } else {
            text += '[';
            for (int i = 0; i < resp.keys_size(); ++i) {
                text += i > 0 ? "," : "";
                append_go_json_bytes(text, resp.keys(i));
            }
            text += ']';
        }
        out().write(text + "}\n");
    }

    void lease_list(const etcdserverpb::LeaseLeasesResponse& resp) override {
        std::string text = wrapper_head(resp.header()) + "\"leases\":[";
        for (int i = 0; i < resp.leases_size(); ++i) {
            text += fmt::format("{}{{\"id\":{}}}", i > 0 ? "," : "", resp.leases(i).id());
        }
        out().write(text + "]}\n");
    }

protected:
    void render(const Rendering& r) override {
        std::string text;
        if (r.json) {
            r.json(text);
        } else if (r.generic) {
            append_go_json(text, *r.message);
        } else {
            unsupported();
        }
        out().write(text + "\n");
    }
    bool can_render(const Rendering& r) const override { return r.json || r.generic; }

private:
    // "{" plus the header's non-zero fields inlined, each followed by a comma.
    static std::string wrapper_head(const etcdserverpb::ResponseHeader& h) {
        std::string inner;
        append_go_json(inner, h);
        inner = inner.substr(1, inner.size() - 2);
        return "{" + inner + (inner.empty() ? "" : ",");
    }

    void line(const google::protobuf::Message& m) {
        append_go_json(m_buf, m);
        m_buf += '\n';
        emit();
    }

    // Hands the text encoded so far to the sink; the scratch buffer keeps its capacity.
    void emit() {
        out().write(m_buf);
        m_buf.clear();
    }

    std::string m_buf; // encoded text not yet written to the sink (one item at most)
    int m_fields = 0;
    int64_t m_kvs = 0;
};

} // namespace

std::unique_ptr<Printer> make_json_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<JsonPrinter>(options, out);
}

} // namespace ectl
