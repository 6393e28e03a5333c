#include "output/printer.hpp"

#include <utility>

#include <fmt/format.h>

#include "error.hpp"
#include "output/formats.hpp"

namespace ectl {

Printer::Printer(std::string format, PrintOptions options, Sink& out)
    : m_format(std::move(format)), m_options(options), m_out(out) {}

void Printer::unsupported() const {
    throw Error(ExitCode::bad_feature, fmt::format("{} not supported as output format", m_format));
}

void Printer::put(const etcdserverpb::PutResponse& /*resp*/) {
    unsupported();
}
void Printer::put_leased(const etcdserverpb::PutResponse& resp, const etcdserverpb::LeaseGrantResponse& /*lease*/) {
    put(resp);
}
void Printer::del(const etcdserverpb::DeleteRangeResponse& /*resp*/) {
    unsupported();
}
void Printer::range_begin(const etcdserverpb::RangeResponse& /*head*/) {
    unsupported();
}
void Printer::range_kv(const mvccpb::KeyValue& /*kv*/) {
    unsupported();
}
void Printer::range_end(const etcdserverpb::RangeResponse& /*head*/) {
    unsupported();
}

void Printer::txn(const etcdserverpb::TxnResponse& /*resp*/) {
    unsupported();
}
void Printer::watch(const etcdserverpb::WatchResponse& /*resp*/) {
    unsupported();
}
void Printer::watch_progress(const etcdserverpb::WatchResponse& resp) {
    m_out.write(fmt::format("progress notify: {}\n", resp.header().revision()));
    watch(resp);
}
void Printer::watch_reconnected(int64_t /*revision*/) {}
void Printer::lease_grant(const etcdserverpb::LeaseGrantResponse& /*resp*/) {
    unsupported();
}
void Printer::lease_revoke(int64_t /*id*/, const etcdserverpb::LeaseRevokeResponse& /*resp*/) {
    unsupported();
}
void Printer::lease_keep_alive(const etcdserverpb::LeaseKeepAliveResponse& /*resp*/) {
    unsupported();
}
void Printer::lease_time_to_live(const etcdserverpb::LeaseTimeToLiveResponse& /*resp*/, bool /*keys*/) {
    unsupported();
}
void Printer::lease_list(const etcdserverpb::LeaseLeasesResponse& /*resp*/) {
    unsupported();
}

void Printer::render(const Rendering& /*r*/) {
    unsupported();
}

bool Printer::can_render(const Rendering& /*r*/) const {
    return false;
}

void Printer::check_builtin() const {
    if (!prints_builtin()) {
        unsupported();
    }
}

void Printer::check(const Rendering& r) const {
    if (!can_render(r)) {
        unsupported();
    }
}

void Printer::txn_responses(const etcdserverpb::TxnResponse& resp, std::string_view separator,
                            const std::function<void(const etcdserverpb::ResponseOp&)>& unknown) {
    for (const auto& op : resp.responses()) {
        m_out.write(separator);
        if (op.has_response_delete_range()) {
            del(op.response_delete_range());
        } else if (op.has_response_put()) {
            put(op.response_put());
        } else if (op.has_response_range()) {
            get(op.response_range());
        } else {
            unknown(op);
        }
    }
}

void Printer::get(const etcdserverpb::RangeResponse& resp) {
    range_begin(resp);
    for (const auto& kv : resp.kvs()) {
        range_kv(kv);
    }
    range_end(resp);
}

namespace {

using PrinterFactory = std::unique_ptr<Printer> (*)(const PrintOptions&, Sink&);

// Every -w format, in the order --help and completions list them; a new format is one line here.
constexpr std::pair<const char*, PrinterFactory> k_formats[] = {
    {"simple", make_simple_printer}, {"json", make_json_printer},         {"fields", make_fields_printer},
    {"table", make_table_printer},   {"protobuf", make_protobuf_printer}, {"jsonl", make_jsonl_printer},
};

} // namespace

std::vector<std::string> output_formats() {
    std::vector<std::string> names;
    for (const auto& [name, factory] : k_formats) {
        names.emplace_back(name);
    }
    return names;
}

std::unique_ptr<Printer> make_printer(const std::string& format, const PrintOptions& options, Sink& out) {
    for (const auto& [name, factory] : k_formats) {
        if (format == name) {
            return factory(options, out);
        }
    }
    throw Error(ExitCode::bad_feature, fmt::format("unsupported output format \"{}\"", format));
}

} // namespace ectl
