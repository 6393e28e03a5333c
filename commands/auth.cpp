// auth: enable and disable authentication.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::Auth;

struct AuthOptions {
    std::vector<std::string> args;
};

// etcd's answer to an enable while user root lacks role root (rpctypes.ErrRootRoleNotExist).
constexpr const char* k_root_role_missing = "etcdserver: root user does not have root role";

void no_arguments(const AuthOptions& o, const char* command) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("auth {} command does not accept any arguments", command));
    }
}

// As etcdctl: when user root exists without role root, makes the role, grants it, and enables again.
void run_enable(const AuthOptions& o, Context& ctx) {
    no_arguments(o, "enable");
    ctx.any_printer(); // an unknown -w fails (exit 4) before the RPC; every known format prints the same line
    for (bool granted = false;; granted = true) {
        try {
            ctx.session().call(&Auth::Stub::AuthEnable, etcdserverpb::AuthEnableRequest(), Retry::write);
            break;
        } catch (const Error& e) {
            if (granted || std::string(e.what()) != k_root_role_missing) {
                throw;
            }
        }
        etcdserverpb::AuthRoleAddRequest role;
        role.set_name("root");
        ctx.session().call(&Auth::Stub::RoleAdd, role, Retry::write);
        etcdserverpb::AuthUserGrantRoleRequest grant;
        grant.set_user("root");
        grant.set_role("root");
        ctx.session().call(&Auth::Stub::UserGrantRole, grant, Retry::write);
    }
    ctx.io().out.write("Authentication Enabled\n");
}

void run_disable(const AuthOptions& o, Context& ctx) {
    no_arguments(o, "disable");
    ctx.any_printer();
    ctx.session().call(&Auth::Stub::AuthDisable, etcdserverpb::AuthDisableRequest(), Retry::write);
    ctx.io().out.write("Authentication Disabled\n");
}

} // namespace

void add_auth_command(CLI::App& root, Context& ctx) {
    auto* auth = root.add_subcommand("auth", "Enable or disable authentication");
    add_command<AuthOptions>(auth, ctx, "enable", "Enables authentication", "", run_enable);
    add_command<AuthOptions>(auth, ctx, "disable", "Disables authentication", "", run_disable);
    describe_command(auth, "",
                     {"ectl user add root --new-user-password=\"$ROOT_PASSWORD\"", "ectl auth enable",
                      "ectl --user root auth disable"});
}

} // namespace ectl
