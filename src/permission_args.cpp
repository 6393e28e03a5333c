#include "permission_args.hpp"

#include <absl/strings/ascii.h>
#include <fmt/format.h>

#include "error.hpp"
#include "key_range.hpp"

namespace ectl {
namespace {

// The range end of a non-empty key from the flags (etcdctl's rangeEndFromPermFlags).
std::string range_end_from_flags(const std::vector<std::string>& args, bool prefix, bool from_key) {
    if (args.size() == 1) {
        if (prefix && from_key) {
            throw_bad_args("--from-key and --prefix flags are mutually exclusive");
        }
        if (prefix) {
            return prefix_range_end(args[0]);
        }
        return from_key ? std::string(1, '\0') : std::string();
    }
    if (prefix) {
        throw_bad_args("unexpected endkey argument with --prefix flag");
    }
    if (from_key) {
        throw_bad_args("unexpected endkey argument with --from-key flag");
    }
    return args[1];
}

} // namespace

authpb::Permission_Type permission_type_from_arg(const std::string& arg) {
    authpb::Permission_Type type{};
    if (!authpb::Permission_Type_Parse(absl::AsciiStrToUpper(arg), &type)) {
        throw_bad_args(fmt::format("invalid permission type: {}", arg));
    }
    return type;
}

PermissionRange permission_range(const std::vector<std::string>& args, bool prefix, bool from_key) {
    if (!args[0].empty()) {
        return {args[0], range_end_from_flags(args, prefix, from_key)};
    }
    if (prefix && from_key) {
        throw_bad_args("--from-key and --prefix flags are mutually exclusive");
    }
    // etcd's permission intervals cannot start at the empty key: "" is "\0", and with --prefix or
    // --from-key the range ["\0", "\0") that the server reads as every key. (etcdctl ignores an
    // endkey after an empty key; so does ectl.)
    const std::string zero(1, '\0');
    return {zero, prefix || from_key ? zero : std::string()};
}

etcdserverpb::AuthRoleGrantPermissionRequest make_grant_permission_request(const std::vector<std::string>& args,
                                                                           bool prefix, bool from_key) {
    if (args.size() < 3) {
        throw_bad_args("role grant command requires role name, permission type, and key [endkey] as its argument");
    }
    if (args.size() > 4) {
        throw_bad_args(fmt::format("too many arguments: role grant-permission takes <role name> <permission type> "
                                   "<key> [endkey], got {}",
                                   args.size()));
    }
    etcdserverpb::AuthRoleGrantPermissionRequest req;
    req.set_name(args[0]);
    req.mutable_perm()->set_permtype(permission_type_from_arg(args[1]));
    auto range = permission_range({args.begin() + 2, args.end()}, prefix, from_key);
    req.mutable_perm()->set_key(range.key);
    req.mutable_perm()->set_range_end(range.range_end);
    return req;
}

etcdserverpb::AuthRoleRevokePermissionRequest make_revoke_permission_request(const std::vector<std::string>& args,
                                                                             bool prefix, bool from_key) {
    if (args.size() < 2) {
        throw_bad_args("role revoke-permission command requires role name and key [endkey] as its argument");
    }
    if (args.size() > 3) {
        throw_bad_args(fmt::format(
            "too many arguments: role revoke-permission takes <role name> <key> [endkey], got {}", args.size()));
    }
    etcdserverpb::AuthRoleRevokePermissionRequest req;
    req.set_role(args[0]);
    auto range = permission_range({args.begin() + 1, args.end()}, prefix, from_key);
    req.set_key(range.key);
    req.set_range_end(range.range_end);
    return req;
}

} // namespace ectl
