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
    void del(const etcdserverpb::DeleteRangeResponse& resp) override { line(resp); }

    // A RangeResponse is {"header":..,"kvs":[..],"more":..,"count":..}: written piecewise so a
    // paged range never has to be held in memory.
    void range_begin(const etcdserverpb::RangeResponse& head) override {
        m_buf = "{";
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
        out().write(m_buf);
        m_buf.clear();
    }

    void range_end(const etcdserverpb::RangeResponse& head) override {
        if (m_kvs > 0) {
            m_buf += ']';
        }
        if (head.more()) {
            m_buf += m_fields++ > 0 ? ",\"more\":true" : "\"more\":true";
        }
        if (head.count() != 0) {
            m_buf += fmt::format("{}\"count\":{}", m_fields++ > 0 ? "," : "", head.count());
        }
        m_buf += "}\n";
        out().write(m_buf);
        m_buf.clear();
    }

private:
    void line(const google::protobuf::Message& m) {
        std::string text;
        append_go_json(text, m);
        text += '\n';
        out().write(text);
    }

    std::string m_buf;
    int m_fields = 0;
    int64_t m_kvs = 0;
};

} // namespace

std::unique_ptr<Printer> make_json_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<JsonPrinter>(options, out);
}

} // namespace ectl
