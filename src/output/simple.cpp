#include <fmt/format.h>

#include "key_range.hpp"
#include "output/formats.hpp"

namespace ectl {
namespace {

class SimplePrinter : public Printer {
public:
    SimplePrinter(const PrintOptions& options, Sink& out) : Printer("simple", options, out) {}

    void put(const etcdserverpb::PutResponse& resp) override {
        out().write("OK\n");
        if (resp.has_prev_kv()) {
            kv(resp.prev_kv());
        }
    }

    void del(const etcdserverpb::DeleteRangeResponse& resp) override {
        out().write(fmt::format("{}\n", resp.deleted()));
        for (const auto& prev : resp.prev_kvs()) {
            kv(prev);
        }
    }

    void range_begin(const etcdserverpb::RangeResponse& /*head*/) override {}
    void range_kv(const mvccpb::KeyValue& item) override { kv(item); }
    void range_end(const etcdserverpb::RangeResponse& /*head*/) override {}

    void txn(const etcdserverpb::TxnResponse& resp) override {
        out().write(resp.succeeded() ? "SUCCESS\n" : "FAILURE\n");
        txn_responses(resp, "\n", [this](const etcdserverpb::ResponseOp& op) {
            out().write(fmt::format("unexpected response {}\n", op.ShortDebugString()));
        });
    }

    void watch(const etcdserverpb::WatchResponse& resp) override {
        for (const auto& ev : resp.events()) {
            out().write(ev.type() == mvccpb::Event::DELETE ? "DELETE\n" : "PUT\n");
            if (ev.has_prev_kv()) {
                kv(ev.prev_kv());
            }
            kv(ev.kv());
        }
    }

    void lease_grant(const etcdserverpb::LeaseGrantResponse& resp) override {
        out().write(fmt::format("lease {:016x} granted with TTL({}s)\n", resp.id(), resp.ttl()));
    }

    void lease_revoke(int64_t id, const etcdserverpb::LeaseRevokeResponse& /*resp*/) override {
        out().write(fmt::format("lease {:016x} revoked\n", id));
    }

    void lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& resp) override {
        out().write(fmt::format("lease {:016x} keepalived with TTL({})\n", resp.id(), resp.ttl()));
    }

    void lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool keys) override {
        if (resp.grantedttl() == 0 && resp.ttl() == -1) {
            out().write(fmt::format("lease {:016x} already expired\n", resp.id()));
            return;
        }
        std::string text = fmt::format("lease {:016x} granted with TTL({}s), remaining({}s)", resp.id(),
                                       resp.grantedttl(), resp.ttl());
        if (keys) {
            std::string joined;
            for (const auto& k : resp.keys()) {
                joined += joined.empty() ? k : " " + k;
            }
            text += fmt::format(", attached keys([{}])", joined);
        }
        out().write(text + "\n");
    }

    void lease_list(const etcdserverpb::LeaseLeasesResponse& resp) override {
        std::string text = fmt::format("found {} leases\n", resp.leases_size());
        for (const auto& l : resp.leases()) {
            text += fmt::format("{:016x}\n", l.id());
        }
        out().write(text);
    }

protected:
    void render(const Rendering& r) override { r.simple ? r.simple(out()) : unsupported(); }
    bool can_render(const Rendering& r) const override { return static_cast<bool>(r.simple); }

private:
    // etcdctl's printKV: key line (unless value-only), value line; --hex escapes every byte.
    void kv(const mvccpb::KeyValue& item) {
        const bool hex = options().hex;
        if (!options().value_only) {
            out().write(hex ? hex_escape_bytes(item.key()) : item.key());
            out().write("\n");
        }
        out().write(hex ? hex_escape_bytes(item.value()) : item.value());
        out().write("\n");
    }
};

} // namespace

std::unique_ptr<Printer> make_simple_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<SimplePrinter>(options, out);
}

} // namespace ectl
