#include "auth_views.hpp"

#include <fmt/format.h>

#include "key_range.hpp"
#include "output/field_lines.hpp"

namespace ectl {
namespace {

void change_simple(const AuthChange& c, Sink& out) {
    out.write(c.line + "\n");
}

void change_fields(const AuthChange& c, FieldLines& lines) {
    lines.header(c.header);
}

const google::protobuf::Message& change_message(const AuthChange& c) {
    return c.resp;
}

// One permission of a role as -w simple shows it: the key alone, "[key, end)" or "[key, <open
// ended>" (sic: etcdctl prints no closing bracket), noting when the range is the key's prefix.
std::string permission_line(const authpb::Permission& perm) {
    if (perm.range_end().empty()) {
        return fmt::format("\t{}\n", perm.key());
    }
    std::string text = perm.range_end() != std::string(1, '\0')
                           ? fmt::format("\t[{}, {})", perm.key(), perm.range_end())
                           : fmt::format("\t[{}, <open ended>", perm.key());
    if (prefix_range_end(perm.key()) == perm.range_end()) {
        text += fmt::format(" (prefix {})", perm.key());
    }
    return text + "\n";
}

void role_simple(const RoleShown& r, Sink& out) {
    std::string text = fmt::format("Role {}\nKV Read:\n", r.name);
    for (const auto& perm : r.resp.perm()) {
        if (perm.permtype() == authpb::Permission::READ || perm.permtype() == authpb::Permission::READWRITE) {
            text += permission_line(perm);
        }
    }
    text += "KV Write:\n";
    for (const auto& perm : r.resp.perm()) {
        if (perm.permtype() == authpb::Permission::WRITE || perm.permtype() == authpb::Permission::READWRITE) {
            text += permission_line(perm);
        }
    }
    out.write(text);
}

void role_fields(const RoleShown& r, FieldLines& lines) {
    lines.header(r.resp.header());
    for (const auto& perm : r.resp.perm()) {
        // etcdctl's fmt.Println(`"PermType" : `, name) puts two spaces before the name.
        lines.line("PermType", " " + authpb::Permission_Type_Name(perm.permtype()));
        lines.quoted("Key", perm.key());
        lines.quoted("RangeEnd", perm.range_end());
    }
}

const google::protobuf::Message& role_message(const RoleShown& r) {
    return r.resp;
}

} // namespace

const Views<AuthChange> k_auth_change_views{change_simple, change_fields, nullptr,       nullptr,
                                            true,          nullptr,       change_message};

const Views<RoleShown> k_role_views{role_simple, role_fields, nullptr, nullptr, true, nullptr, role_message};

} // namespace ectl
