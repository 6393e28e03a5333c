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
};

} // namespace

std::unique_ptr<Printer> make_protobuf_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<ProtobufPrinter>(options, out);
}

} // namespace ectl
