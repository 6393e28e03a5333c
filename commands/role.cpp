// role: add, delete, get, list, grant-permission and revoke-permission the roles of etcd's auth.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "auth_views.hpp"
#include "commands/commands.hpp"
#include "error.hpp"
#include "output/field_lines.hpp"
#include "permission_args.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::Auth;

struct RoleOptions {
    std::vector<std::string> args;
    bool prefix = false;   // grant-permission, revoke-permission
    bool from_key = false; // grant-permission, revoke-permission
};

// The single <role name> argument of add, delete and get (etcdctl's wording).
const std::string& role_name_arg(const RoleOptions& o, const char* command) {
    if (o.args.size() != 1) {
        throw_bad_args(fmt::format("role {} command requires role name as its argument", command));
    }
    return o.args.front();
}

void run_add(const RoleOptions& o, Context& ctx) {
    etcdserverpb::AuthRoleAddRequest req;
    req.set_name(role_name_arg(o, "add"));
    change_auth(ctx, &Auth::Stub::RoleAdd, req, fmt::format("Role {} created", req.name()));
}

void run_delete(const RoleOptions& o, Context& ctx) {
    etcdserverpb::AuthRoleDeleteRequest req;
    req.set_role(role_name_arg(o, "delete"));
    change_auth(ctx, &Auth::Stub::RoleDelete, req, fmt::format("Role {} deleted", req.role()));
}

void run_get(const RoleOptions& o, Context& ctx) {
    etcdserverpb::AuthRoleGetRequest req;
    req.set_role(role_name_arg(o, "get"));
    auto& printer = ctx.printer(k_role_views);
    auto resp = ctx.session().call(&Auth::Stub::RoleGet, req, Retry::read);
    printer.print(RoleShown{req.role(), resp}, k_role_views);
}

// -- role list -----------------------------------------------------------------

void list_simple(const etcdserverpb::AuthRoleListResponse& resp, Sink& out) {
    std::string text;
    for (const auto& role : resp.roles()) {
        text += role + "\n";
    }
    out.write(text);
}

void list_fields(const etcdserverpb::AuthRoleListResponse& resp, FieldLines& lines) {
    lines.header(resp.header());
    lines.quoted_list("Roles", {resp.roles().begin(), resp.roles().end()});
}

// table: etcdctl has no view of the role list.
const Views<etcdserverpb::AuthRoleListResponse> k_list_views{list_simple, list_fields};

void run_list(const RoleOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args("role list command requires no arguments");
    }
    auto& printer = ctx.printer(k_list_views);
    auto resp = ctx.session().call(&Auth::Stub::RoleList, etcdserverpb::AuthRoleListRequest(), Retry::read);
    printer.print(resp, k_list_views);
}

// -- role grant-permission, revoke-permission ----------------------------------

void run_grant_permission(const RoleOptions& o, Context& ctx) {
    auto req = make_grant_permission_request(o.args, o.prefix, o.from_key);
    change_auth(ctx, &Auth::Stub::RoleGrantPermission, req, fmt::format("Role {} updated", req.name()));
}

// etcdctl's answer names the key as typed and the range end it sent.
std::string revoked_line(const std::string& key, const std::string& range_end, const std::string& role) {
    if (range_end.empty()) {
        return fmt::format("Permission of key {} is revoked from role {}", key, role);
    }
    if (range_end != std::string(1, '\0')) {
        return fmt::format("Permission of range [{}, {}) is revoked from role {}", key, range_end, role);
    }
    return fmt::format("Permission of range [{}, <open ended> is revoked from role {}", key, role);
}

void run_revoke_permission(const RoleOptions& o, Context& ctx) {
    auto req = make_revoke_permission_request(o.args, o.prefix, o.from_key);
    change_auth(ctx, &Auth::Stub::RoleRevokePermission, req, revoked_line(o.args[1], req.range_end(), req.role()));
}

} // namespace

void add_role_command(CLI::App& root, Context& ctx) {
    auto* role = root.add_subcommand("role", "Role related commands");
    add_command<RoleOptions>(role, ctx, "add", "Adds a new role", "<role name>", run_add);
    add_command<RoleOptions>(role, ctx, "delete", "Deletes a role", "<role name>", run_delete);
    add_command<RoleOptions>(role, ctx, "get", "Gets detailed information of a role", "<role name>", run_get);
    add_command<RoleOptions>(role, ctx, "list", "Lists all roles", "", run_list);
    auto grant =
        add_command<RoleOptions>(role, ctx, "grant-permission", "Grants a key to a role",
                                 "[options] <role name> <permission type> <key> [endkey]", run_grant_permission);
    add_bool_flag(grant.cmd, "prefix", grant.options->prefix, "grant a prefix permission");
    add_bool_flag(grant.cmd, "from-key", grant.options->from_key,
                  "grant a permission of keys that are greater than or equal to the given key using byte compare");
    auto revoke = add_command<RoleOptions>(role, ctx, "revoke-permission", "Revokes a key from a role",
                                           "<role name> <key> [endkey]", run_revoke_permission);
    add_bool_flag(revoke.cmd, "prefix", revoke.options->prefix, "revoke a prefix permission");
    add_bool_flag(revoke.cmd, "from-key", revoke.options->from_key,
                  "revoke a permission of keys that are greater than or equal to the given key using byte compare");
    describe_command(role, "",
                     {"ectl role add app", "ectl role grant-permission app readwrite --prefix app/",
                      "ectl role grant-permission app read config/a config/m", "ectl role get app",
                      "ectl role revoke-permission app --prefix app/"});
}

} // namespace ectl
