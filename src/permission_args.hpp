#pragma once
// The arguments of role grant-permission and revoke-permission: etcdctl's permission types and its
// key / range end / --prefix / --from-key rules, turned into requests (no network).

#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// A permission's [key, range_end): range_end "" is the single key, "\0" every key from key on.
struct PermissionRange {
    std::string key;
    std::string range_end;
};

// read, write or readwrite in any case (clientv3.StrToPermissionType); throws Error(bad_args)
// "invalid permission type: <arg>".
authpb::Permission_Type permission_type_from_arg(const std::string& arg);

// etcdctl's permRange of `<key> [endkey]` (args: one or two words) with --prefix / --from-key; an
// empty key stands for "\0" (and for every key with either flag). Throws Error(bad_args).
PermissionRange permission_range(const std::vector<std::string>& args, bool prefix, bool from_key);

// role grant-permission's request from `<role name> <permission type> <key> [endkey]`.
etcdserverpb::AuthRoleGrantPermissionRequest make_grant_permission_request(const std::vector<std::string>& args,
                                                                           bool prefix, bool from_key);

// role revoke-permission's request from `<role name> <key> [endkey]`.
etcdserverpb::AuthRoleRevokePermissionRequest make_revoke_permission_request(const std::vector<std::string>& args,
                                                                             bool prefix, bool from_key);

} // namespace ectl
