#include "output/go_json.hpp"

#include <absl/strings/escaping.h>
#include <fmt/format.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "utf8.hpp"

namespace ectl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char k_hex[] = "0123456789abcdef";

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
        fmt::format_to(std::back_inserter(out), "{}", rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_INT64:
        fmt::format_to(std::back_inserter(out), "{}", rep ? r.GetRepeatedInt64(m, &f, index) : r.GetInt64(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_UINT32:
        fmt::format_to(std::back_inserter(out), "{}", rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_UINT64:
        fmt::format_to(std::back_inserter(out), "{}", rep ? r.GetRepeatedUInt64(m, &f, index) : r.GetUInt64(m, &f));
        break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
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
        fmt::format_to(std::back_inserter(out), "{}",
                       rep ? r.GetRepeatedEnumValue(m, &f, index) : r.GetEnumValue(m, &f));
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

} // namespace

void append_go_json(std::string& out, const Message& m) {
    const auto* d = m.GetDescriptor();
    const auto* r = m.GetReflection();
    out += '{';
    bool first = true;
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor& f = *d->field(i);
        const auto* oneof = f.real_containing_oneof();
        if (oneof != nullptr) {
            // The oneof's interface field sits where its first member is declared.
            if (oneof->field(0) != &f) {
                continue;
            }
            out += first ? "" : ",";
            first = false;
            append_go_json_string(out, go_field_name(oneof->name()));
            out += ':';
            const FieldDescriptor* set = r->GetOneofFieldDescriptor(m, oneof);
            if (set == nullptr) {
                out += "null";
                continue;
            }
            // The wrapper struct's field carries no json tag either: its Go name is the key.
            out += '{';
            append_go_json_string(out, go_field_name(set->name()));
            out += ':';
            append_field_value(out, m, *r, *set);
            out += '}';
            continue;
        }
        if (is_empty(m, *r, f)) {
            continue;
        }
        out += first ? "" : ",";
        first = false;
        append_go_json_string(out, f.name());
        out += ':';
        append_field_value(out, m, *r, f);
    }
    out += '}';
}

void append_go_json_string(std::string& out, std::string_view s) {
    out += '"';
    size_t run = 0; // start of the pending run of bytes that need no escaping
    auto flush_run = [&](size_t end) {
        out.append(s.data() + run, end - run);
    };
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
    out += '"';
    out += absl::Base64Escape(absl::string_view(bytes.data(), bytes.size()));
    out += '"';
}

} // namespace ectl
