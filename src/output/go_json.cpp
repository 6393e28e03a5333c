#include "output/go_json.hpp"

#include <charconv>

#include <absl/strings/escaping.h>
#include <fmt/format.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "etcdserverpb/rpc.pb.h"
#include "mvccpb/kv.pb.h"
#include "utf8.hpp"

namespace ectl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char k_hex[] = "0123456789abcdef";

// One JSON object being written: `{`, each field's `"name":` with a comma before all but the
// first, `}`. The reflective and the hand-written encoders both lay out objects with it.
class ObjectWriter {
public:
    explicit ObjectWriter(std::string& out) : m_out(out) { m_out += '{'; }

    // Starts a field given its `"name":` literally; returns the output its value goes to.
    std::string& field(std::string_view quoted_name_colon) {
        separate();
        m_out.append(quoted_name_colon);
        return m_out;
    }

    // Starts a field whose name is escaped as a Go string.
    std::string& named_field(std::string_view name) {
        separate();
        append_go_json_string(m_out, name);
        m_out += ':';
        return m_out;
    }

    void close() { m_out += '}'; }

private:
    void separate() {
        if (!m_first) {
            m_out += ',';
        }
        m_first = false;
    }

    std::string& m_out;
    bool m_first = true;
};

// Go names a oneof's interface field after the oneof in CamelCase, with no json tag.
std::string go_field_name(const std::string& snake) {
    std::string out;
    bool upper = true;
    for (char c : snake) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

void append_scalar(std::string& out, const Message& m, const Reflection& r, const FieldDescriptor& f, int index) {
    const bool rep = index >= 0;
    switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
        append_go_json_int(out, rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_INT64:
        append_go_json_int(out, rep ? r.GetRepeatedInt64(m, &f, index) : r.GetInt64(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_UINT32:
        append_go_json_uint(out, rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_UINT64:
        append_go_json_uint(out, rep ? r.GetRepeatedUInt64(m, &f, index) : r.GetUInt64(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
        // No etcd v3.4 message has floating-point fields; fmt's shortest form is a close stand-in.
        fmt::format_to(std::back_inserter(out), "{}", rep ? r.GetRepeatedDouble(m, &f, index) : r.GetDouble(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_FLOAT:
        fmt::format_to(std::back_inserter(out), "{}", rep ? r.GetRepeatedFloat(m, &f, index) : r.GetFloat(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_BOOL:
        out += (rep ? r.GetRepeatedBool(m, &f, index) : r.GetBool(m, &f)) ? "true" : "false";
        break;
    case FieldDescriptor::CPPTYPE_ENUM:
        // gogoproto enums are Go int32 types: encoded as numbers.
        append_go_json_int(out, rep ? r.GetRepeatedEnumValue(m, &f, index) : r.GetEnumValue(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& s =
            rep ? r.GetRepeatedStringReference(m, &f, index, &scratch) : r.GetStringReference(m, &f, &scratch);
        if (f.type() == FieldDescriptor::TYPE_BYTES) {
            append_go_json_bytes(out, s);
        } else {
            append_go_json_string(out, s);
        }
        break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
        append_go_json(out, rep ? r.GetRepeatedMessage(m, &f, index) : r.GetMessage(m, &f));
        break;
    }
}

// Go's omitempty: false, 0, "", nil pointer, empty slice (proto3 HasField means "not default").
bool is_empty(const Message& m, const Reflection& r, const FieldDescriptor& f) {
    return f.is_repeated() ? r.FieldSize(m, &f) == 0 : !r.HasField(m, &f);
}

void append_field_value(std::string& out, const Message& m, const Reflection& r, const FieldDescriptor& f) {
    if (!f.is_repeated()) {
        append_scalar(out, m, r, f, -1);
        return;
    }
    out += '[';
    for (int i = 0; i < r.FieldSize(m, &f); ++i) {
        if (i > 0) {
            out += ',';
        }
        append_scalar(out, m, r, f, i);
    }
    out += ']';
}

// A oneof is a Go interface field named after the oneof, holding a wrapper struct whose one
// field carries no json tag either: {"RequestRange":{...}}, or null when unset.
void append_oneof(ObjectWriter& obj, const Message& m, const Reflection& r,
                  const google::protobuf::OneofDescriptor& oneof) {
    std::string& out = obj.named_field(go_field_name(oneof.name()));
    const FieldDescriptor* set = r.GetOneofFieldDescriptor(m, &oneof);
    if (set == nullptr) {
        out += "null";
        return;
    }
    ObjectWriter wrapper(out);
    append_field_value(wrapper.named_field(go_field_name(set->name())), m, r, *set);
    wrapper.close();
}

} // namespace

void append_go_json(std::string& out, const Message& m) {
    const auto* d = m.GetDescriptor();
    const auto* r = m.GetReflection();
    ObjectWriter obj(out);
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor& f = *d->field(i);
        const auto* oneof = f.real_containing_oneof();
        if (oneof != nullptr) {
            // The oneof's interface field sits where its first member is declared.
            if (oneof->field(0) == &f) {
                append_oneof(obj, m, *r, *oneof);
            }
            continue;
        }
        if (!is_empty(m, *r, f)) {
            append_field_value(obj.named_field(f.name()), m, *r, f);
        }
    }
    obj.close();
}

void append_go_json(std::string& out, const mvccpb::KeyValue& kv) {
    ObjectWriter obj(out);
    if (!kv.key().empty()) {
        append_go_json_bytes(obj.field("\"key\":"), kv.key());
    }
    if (kv.create_revision() != 0) {
        append_go_json_int(obj.field("\"create_revision\":"), kv.create_revision());
    }
    if (kv.mod_revision() != 0) {
        append_go_json_int(obj.field("\"mod_revision\":"), kv.mod_revision());
    }
    if (kv.version() != 0) {
        append_go_json_int(obj.field("\"version\":"), kv.version());
    }
    if (!kv.value().empty()) {
        append_go_json_bytes(obj.field("\"value\":"), kv.value());
    }
    if (kv.lease() != 0) {
        append_go_json_int(obj.field("\"lease\":"), kv.lease());
    }
    obj.close();
}

void append_go_json(std::string& out, const mvccpb::Event& ev) {
    ObjectWriter obj(out);
    if (ev.type() != 0) {
        append_go_json_int(obj.field("\"type\":"), ev.type());
    }
    if (ev.has_kv()) {
        append_go_json(obj.field("\"kv\":"), ev.kv());
    }
    if (ev.has_prev_kv()) {
        append_go_json(obj.field("\"prev_kv\":"), ev.prev_kv());
    }
    obj.close();
}

void append_go_json(std::string& out, const etcdserverpb::ResponseHeader& h) {
    ObjectWriter obj(out);
    if (h.cluster_id() != 0) {
        append_go_json_uint(obj.field("\"cluster_id\":"), h.cluster_id());
    }
    if (h.member_id() != 0) {
        append_go_json_uint(obj.field("\"member_id\":"), h.member_id());
    }
    if (h.revision() != 0) {
        append_go_json_int(obj.field("\"revision\":"), h.revision());
    }
    if (h.raft_term() != 0) {
        append_go_json_uint(obj.field("\"raft_term\":"), h.raft_term());
    }
    obj.close();
}

void append_go_json_string(std::string& out, std::string_view s) {
    out += '"';
    size_t run = 0; // start of the pending run of bytes that need no escaping
    auto flush_run = [&](size_t end) { out.append(s.data() + run, end - run); };
    size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&') {
            ++i;
            continue;
        }
        if (b >= 0x80) {
            Utf8Rune d = decode_utf8(s.substr(i));
            bool bad = d.rune == k_utf8_rune_error && d.width == 1;
            if (!bad && d.rune != 0x2028 && d.rune != 0x2029) {
                i += d.width;
                continue;
            }
            flush_run(i);
            out += bad ? "\\ufffd" : d.rune == 0x2028 ? "\\u2028" : "\\u2029";
            i += d.width;
            run = i;
            continue;
        }
        flush_run(i);
        if (b == '"' || b == '\\') {
            out += '\\';
            out += static_cast<char>(b);
        } else if (b == '\n') {
            out += "\\n";
        } else if (b == '\r') {
            out += "\\r";
        } else if (b == '\t') {
            out += "\\t";
        } else {
            out += "\\u00";
            out += k_hex[b >> 4];
            out += k_hex[b & 0xf];
        }
        ++i;
        run = i;
    }
    flush_run(i);
    out += '"';
}

void append_go_json_bytes(std::string& out, std::string_view bytes) {
    // absl overwrites its destination: one scratch string per thread saves an allocation for
    // every key and value of a stream.
    thread_local std::string scratch;
    absl::Base64Escape(absl::string_view(bytes.data(), bytes.size()), &scratch);
    out += '"';
    out += scratch;
    out += '"';
}

void append_go_json_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, static_cast<size_t>(end - buf));
}

void append_go_json_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, static_cast<size_t>(end - buf));
}

} // namespace ectl
