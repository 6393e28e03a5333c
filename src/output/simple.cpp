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
