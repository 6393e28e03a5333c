#include "output/json_record.hpp"

#include <fmt/format.h>

#include "mvccpb/kv.pb.h"
#include "output/go_json.hpp"
#include "utf8.hpp"

namespace ectl {

void JsonRecord::name(std::string_view n) {
    if (m_text.size() > 1) {
        m_text += ',';
    }
    append_go_json_string(m_text, n);
    m_text += ':';
}

JsonRecord& JsonRecord::text(std::string_view n, std::string_view s) {
    name(n);
    append_go_json_string(m_text, s); // valid JSON; its HTML-safe \u003c escapes read back the same
    return *this;
}

JsonRecord& JsonRecord::bytes(std::string_view n, std::string_view raw) {
    if (is_valid_utf8(raw)) {
        return text(n, raw);
    }
    name(std::string(n) + "_base64");
    append_go_json_bytes(m_text, raw);
    return *this;
}

JsonRecord& JsonRecord::number(std::string_view n, int64_t v) {
    name(n);
    append_go_json_int(m_text, v);
    return *this;
}

JsonRecord& JsonRecord::big_number(std::string_view n, uint64_t v) {
    name(n);
    m_text += fmt::format("\"{}\"", v);
    return *this;
}

JsonRecord& JsonRecord::id(std::string_view n, uint64_t v) {
    name(n);
    m_text += fmt::format("\"{:x}\"", v);
    return *this;
}

JsonRecord& JsonRecord::lease_id(std::string_view n, int64_t v) {
    name(n);
    m_text += fmt::format("\"{:016x}\"", v);
    return *this;
}

JsonRecord& JsonRecord::boolean(std::string_view n, bool v) {
    name(n);
    m_text += v ? "true" : "false";
    return *this;
}

JsonRecord& JsonRecord::json(std::string_view n, std::string_view value) {
    name(n);
    m_text += value;
    return *this;
}

bool is_valid_utf8(std::string_view s) {
    while (!s.empty()) {
        Utf8Rune r = decode_utf8(s);
        if (r.rune == k_utf8_rune_error && r.width == 1) {
            return false;
        }
        s.remove_prefix(r.width);
    }
    return true;
}

void add_kv_members(JsonRecord& r, const mvccpb::KeyValue& kv, bool keys_only) {
    r.bytes("key", kv.key());
    if (!keys_only) {
        r.bytes("value", kv.value());
    }
    r.number("create_revision", kv.create_revision())
        .number("mod_revision", kv.mod_revision())
        .number("version", kv.version());
    if (kv.lease() != 0) {
        r.lease_id("lease", kv.lease());
    }
}

std::string kv_object(const mvccpb::KeyValue& kv, bool keys_only) {
    JsonRecord r;
    add_kv_members(r, kv, keys_only);
    return r.object();
}

} // namespace ectl
