#include "output/go_json.hpp"

#include <charconv>
#include <cstring>

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

// --- raw writers: each writes at p (room reserved by the caller) and returns the new end ---------

// Longest decimal int64/uint64: "-9223372036854775808", "18446744073709551615".
constexpr size_t k_max_int_chars = 20;

constexpr char k_base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The two base64 digits of every 12-bit group.
struct Base64Pairs {
    char digits[4096][2];
};

constexpr Base64Pairs make_base64_pairs() {
    Base64Pairs t{};
    for (size_t i = 0; i < 4096; ++i) {
        t.digits[i][0] = k_base64_digits[i >> 6];
        t.digits[i][1] = k_base64_digits[i & 63];
    }
    return t;
}

constexpr Base64Pairs k_base64_pairs = make_base64_pairs();

// Room for bytes as a quoted base64 string.
constexpr size_t go_json_bytes_size(size_t n) {
    return 2 + (n + 2) / 3 * 4;
}

std::uint64_t load_big_endian64(const unsigned char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

// Keys and values are most of a watch replay's output, so base64 is written in place with one
// table lookup per 12 bits: absl::Base64Escape (a fresh string each call, ~9 instructions per
// byte) took two thirds of the JSON time of a 200,000-event replay.
char* write_go_json_bytes(char* p, std::string_view bytes) {
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t n = bytes.size();
    *p++ = '"';
    size_t i = 0;
    for (; i + 8 <= n; i += 6) {
        const std::uint64_t v = load_big_endian64(in + i); // six of its bytes are encoded
        std::memcpy(p, k_base64_pairs.digits[v >> 52], 2);
        std::memcpy(p + 2, k_base64_pairs.digits[(v >> 40) & 0xfff], 2);
        std::memcpy(p + 4, k_base64_pairs.digits[(v >> 28) & 0xfff], 2);
        std::memcpy(p + 6, k_base64_pairs.digits[(v >> 16) & 0xfff], 2);
        p += 8;
    }
    for (; i + 3 <= n; i += 3) {
        const std::uint32_t v = std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8 | std::uint32_t{in[i + 2]};
        std::memcpy(p, k_base64_pairs.digits[v >> 12], 2);
        std::memcpy(p + 2, k_base64_pairs.digits[v & 0xfff], 2);
        p += 4;
    }
    if (n - i == 1) {
        std::memcpy(p, k_base64_pairs.digits[std::uint32_t{in[i]} << 4], 2);
        std::memcpy(p + 2, "==", 2); // NOLINT(bugprone-not-null-terminated-result): two bytes of output
        p += 4;
    } else if (n - i == 2) {
        const std::uint32_t v = std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8;
        std::memcpy(p, k_base64_pairs.digits[v >> 12], 2);
        p[2] = k_base64_digits[(v >> 6) & 63];
        p[3] = '=';
        p += 4;
    }
    *p++ = '"';
    return p;
}

char* write_go_json_int(char* p, std::int64_t v) {
    return std::to_chars(p, p + k_max_int_chars, v).ptr;
}

char* write_go_json_uint(char* p, std::uint64_t v) {
    return std::to_chars(p, p + k_max_int_chars, v).ptr;
}

// Reserves bound bytes at the end of out, lets write fill them from a raw pointer, and trims
// out to what was written: one size check per object instead of one per character.
template <typename Write>
void append_raw(std::string& out, size_t bound, const Write& write) {
    const size_t start = out.size();
    out.resize(start + bound);
    char* end = write(out.data() + start);
    out.resize(static_cast<size_t>(end - out.data()));
}

// A JSON object written through a raw pointer; each field is omitted when zero (Go's omitempty).
class RawObject {
public:
    explicit RawObject(char* p) : m_p(p) { *m_p++ = '{'; }

    void bytes(std::string_view name, std::string_view v) {
        if (!v.empty()) {
            m_p = write_go_json_bytes(start_field(name), v);
        }
    }
    void int64(std::string_view name, std::int64_t v) {
        if (v != 0) {
            m_p = write_go_json_int(start_field(name), v);
        }
    }
    void uint64(std::string_view name, std::uint64_t v) {
        if (v != 0) {
            m_p = write_go_json_uint(start_field(name), v);
        }
    }
    // Starts a field whose value the caller writes and hands back with set_end().
    char* start_field(std::string_view name) {
        if (!m_first) {
            *m_p++ = ',';
        }
        m_first = false;
        std::memcpy(m_p, name.data(), name.size());
        return m_p + name.size();
    }
    void set_end(char* p) { m_p = p; }
    char* close() {
        *m_p++ = '}';
        return m_p;
    }

private:
    char* m_p;
    bool m_first = true;
};

// Field names as gogoproto's json tags, with their quotes and colon.
constexpr std::string_view k_key = "\"key\":";
constexpr std::string_view k_create_revision = "\"create_revision\":";
constexpr std::string_view k_mod_revision = "\"mod_revision\":";
constexpr std::string_view k_version = "\"version\":";
constexpr std::string_view k_value = "\"value\":";
constexpr std::string_view k_lease = "\"lease\":";
constexpr std::string_view k_type = "\"type\":";
constexpr std::string_view k_kv = "\"kv\":";
constexpr std::string_view k_prev_kv = "\"prev_kv\":";
constexpr std::string_view k_cluster_id = "\"cluster_id\":";
constexpr std::string_view k_member_id = "\"member_id\":";
constexpr std::string_view k_revision = "\"revision\":";
constexpr std::string_view k_raft_term = "\"raft_term\":";

// Braces and commas of an object with n fields.
constexpr size_t object_punctuation(size_t n) {
    return 2 + n - 1;
}

constexpr size_t k_kv_fixed = object_punctuation(6) + k_key.size() + k_create_revision.size() + k_mod_revision.size() +
                              k_version.size() + k_value.size() + k_lease.size() + 4 * k_max_int_chars;
constexpr size_t k_event_fixed =
    object_punctuation(3) + k_type.size() + k_max_int_chars + k_kv.size() + k_prev_kv.size();
constexpr size_t k_header_size = object_punctuation(4) + k_cluster_id.size() + k_member_id.size() + k_revision.size() +
                                 k_raft_term.size() + 4 * k_max_int_chars;

size_t kv_bound(const mvccpb::KeyValue& kv) {
    return k_kv_fixed + go_json_bytes_size(kv.key().size()) + go_json_bytes_size(kv.value().size());
}

char* write_kv(char* p, const mvccpb::KeyValue& kv) {
    RawObject obj(p);
    obj.bytes(k_key, kv.key());
    obj.int64(k_create_revision, kv.create_revision());
    obj.int64(k_mod_revision, kv.mod_revision());
    obj.int64(k_version, kv.version());
    obj.bytes(k_value, kv.value());
    obj.int64(k_lease, kv.lease());
    return obj.close();
}

size_t event_bound(const mvccpb::Event& ev) {
    return k_event_fixed + (ev.has_kv() ? kv_bound(ev.kv()) : 0) + (ev.has_prev_kv() ? kv_bound(ev.prev_kv()) : 0);
}

char* write_event(char* p, const mvccpb::Event& ev) {
    RawObject obj(p);
    obj.int64(k_type, ev.type());
    // Go's *KeyValue: omitted when nil, {} when present but empty.
    if (ev.has_kv()) {
        obj.set_end(write_kv(obj.start_field(k_kv), ev.kv()));
    }
    if (ev.has_prev_kv()) {
        obj.set_end(write_kv(obj.start_field(k_prev_kv), ev.prev_kv()));
    }
    return obj.close();
}

char* write_header(char* p, const etcdserverpb::ResponseHeader& h) {
    RawObject obj(p);
    obj.uint64(k_cluster_id, h.cluster_id());
    obj.uint64(k_member_id, h.member_id());
    obj.int64(k_revision, h.revision());
    obj.uint64(k_raft_term, h.raft_term());
    return obj.close();
}

// --- the reflective encoder --------------------------------------------------------------------

// One JSON object being written by reflection: `{`, each field's escaped `"name":` with a comma
// before all but the first, `}`.
class ObjectWriter {
public:
    explicit ObjectWriter(std::string& out) : m_out(out) { m_out += '{'; }

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
    append_raw(out, kv_bound(kv), [&kv](char* p) { return write_kv(p, kv); });
}

void append_go_json(std::string& out, const mvccpb::Event& ev) {
    append_raw(out, event_bound(ev), [&ev](char* p) { return write_event(p, ev); });
}

void append_go_json(std::string& out, const etcdserverpb::ResponseHeader& h) {
    append_raw(out, k_header_size, [&h](char* p) { return write_header(p, h); });
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
    append_raw(out, go_json_bytes_size(bytes.size()), [bytes](char* p) { return write_go_json_bytes(p, bytes); });
}

void append_go_json_int(std::string& out, std::int64_t v) {
    append_raw(out, k_max_int_chars, [v](char* p) { return write_go_json_int(p, v); });
}

void append_go_json_uint(std::string& out, std::uint64_t v) {
    append_raw(out, k_max_int_chars, [v](char* p) { return write_go_json_uint(p, v); });
}

} // namespace ectl
