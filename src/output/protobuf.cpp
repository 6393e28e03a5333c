#include <fmt/format.h>

#include "error.hpp"
#include "output/formats.hpp"

namespace ectl {
namespace {

// etcdctl writes the marshalled response. Fields are serialized in field-number order, so a
// range can be emitted piecewise: header (1), each kv as field 2, then more (3) and count (4).
class ProtobufPrinter : public Printer {
public:
    ProtobufPrinter(const PrintOptions& options, Sink& out) : Printer("protobuf", options, out) {}

    void put(const etcdserverpb::PutResponse& resp) override { out().write(resp.SerializeAsString()); }
    void del(const etcdserverpb::DeleteRangeResponse& resp) override { out().write(resp.SerializeAsString()); }

    void range_begin(const etcdserverpb::RangeResponse& head) override {
        etcdserverpb::RangeResponse part;
        *part.mutable_header() = head.header();
        out().write(part.SerializeAsString());
    }

    void range_kv(const mvccpb::KeyValue& kv) override {
        etcdserverpb::RangeResponse part;
        *part.add_kvs() = kv;
        out().write(part.SerializeAsString());
    }

    void range_end(const etcdserverpb::RangeResponse& head) override {
        etcdserverpb::RangeResponse part;
        part.set_more(head.more());
        part.set_count(head.count());
        out().write(part.SerializeAsString());
    }

    void txn(const etcdserverpb::TxnResponse& resp) override { out().write(resp.SerializeAsString()); }

    // etcdctl rebuilds a pb.WatchResponse from header, events, compact revision and the flags.
    void watch(const etcdserverpb::WatchResponse& resp) override {
        etcdserverpb::WatchResponse copy;
        *copy.mutable_header() = resp.header();
        *copy.mutable_events() = resp.events();
        copy.set_compact_revision(resp.compact_revision());
        copy.set_canceled(resp.canceled());
        copy.set_created(resp.created());
        out().write(copy.SerializeAsString());
    }

    // clientv3's lease wrappers embed *pb.ResponseHeader, whose Marshal is what etcdctl calls.
    void lease_grant(const etcdserverpb::LeaseGrantResponse& resp) override {
        out().write(resp.header().SerializeAsString());
    }
    void lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& resp) override {
        out().write(resp.header().SerializeAsString());
    }
    void lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& resp, bool /*keys*/) override {
        out().write(resp.header().SerializeAsString());
    }
    void lease_list(const etcdserverpb::LeaseLeasesResponse& resp) override {
        out().write(resp.header().SerializeAsString());
    }

protected:
    void render(const Rendering& r) override {
        if (!can_render(r)) {
            unsupported();
        }
        out().write(r.message->SerializeAsString());
    }
    bool can_render(const Rendering& r) const override { return r.protobuf; }

public:
    // clientv3.LeaseRevokeResponse has no Marshal method: etcdctl refuses with this text.
    void lease_revoke(int64_t /*id*/, const etcdserverpb::LeaseRevokeResponse& resp) override {
        const auto& h = resp.header();
        std::string text;
        auto field = [&text](const char* name, auto value) {
            if (value != 0) {
                text += fmt::format("{}:{} ", name, value);
            }
        };
        field("cluster_id", h.cluster_id());
        field("member_id", h.member_id());
        field("revision", h.revision());
        field("raft_term", h.raft_term());
        throw Error(ExitCode::bad_feature,
                    fmt::format("marshal unsupported for type clientv3.LeaseRevokeResponse ({{{}}})", text));
    }
};

} // namespace

std::unique_ptr<Printer> make_protobuf_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<ProtobufPrinter>(options, out);
}

} // namespace ectl
