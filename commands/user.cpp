// user: add, delete, get, list, passwd, grant-role and revoke-role the users of etcd's auth.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "auth_views.hpp"
#include "commands/commands.hpp"
#include "error.hpp"
#include "new_password.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::Auth;

struct UserOptions {
    std::vector<std::string> args;
    bool interactive = true;       // add, passwd: false reads the password from standard input
    std::string new_user_password; // add
    bool no_password = false;      // add
    bool detail = false;           // get
};

// The single <user name> argument of add, delete, get and passwd (etcdctl's wording).
const std::string& user_name_arg(const UserOptions& o, const char* command) {
    if (o.args.size() != 1) {
        throw_bad_args(fmt::format("user {} command requires user name as its argument", command));
    }
    return o.args.front();
}

// The password of `user add` or `user passwd` when no other source gave one.
std::string password_from_user(const UserOptions& o, Context& ctx, const std::string& name,
                               const std::string& other_sources) {
    return o.interactive ? ask_new_password(name, other_sources) : new_password_from_input(ctx.io().in);
}

// -- user add ------------------------------------------------------------------

// The request of `user add` as the command line gives it: etcdctl's choice of the name and password
// (--no-password, --new-user-password, "name:password"); *ask when the password must still be
// asked for (on the terminal, or with --interactive=false read from standard input).
etcdserverpb::AuthUserAddRequest make_user_add_request(const UserOptions& o, bool* ask) {
    const std::string& arg = user_name_arg(o, "add");
    etcdserverpb::AuthUserAddRequest req;
    req.mutable_options()->set_no_password(o.no_password);
    req.set_name(arg);
    *ask = false;
    if (o.no_password) {
        return req;
    }
    if (!o.new_user_password.empty()) {
        req.set_password(o.new_user_password);
        return req;
    }
    auto colon = arg.find(':');
    if (colon == std::string::npos) {
        *ask = true;
        return req;
    }
    if (colon == 0) {
        throw_bad_args("empty user name is not allowed");
    }
    req.set_name(arg.substr(0, colon));
    req.set_password(arg.substr(colon + 1));
    return req;
}

void run_add(const UserOptions& o, Context& ctx) {
    bool ask = false;
    auto req = make_user_add_request(o, &ask);
    ctx.printer(k_auth_change_views); // an unsupported -w fails before asking for a password
    if (ask) {
        req.set_password(password_from_user(o, ctx, req.name(), "--new-user-password or --interactive=false"));
    }
    change_auth(ctx, &Auth::Stub::UserAdd, req, fmt::format("User {} created", req.name()));
}

// -- user get, list ------------------------------------------------------------

// The name asked for with its response (-w simple prints the name).
struct UserShown {
    const std::string& name;
    const etcdserverpb::AuthUserGetResponse& resp;
};

void shown_simple(const UserShown& u, Sink& out) {
    std::string text = fmt::format("User: {}\nRoles:", u.name);
    for (const auto& role : u.resp.roles()) {
        text += " " + role;
    }
    out.write(text + "\n");
}

const google::protobuf::Message& shown_message(const UserShown& u) {
    return u.resp;
}

// fields, table: etcdctl has no view of a user.
const Views<UserShown> k_get_views{shown_simple, nullptr, nullptr, nullptr, true, nullptr, shown_message};

// --detail: "User: <name>", then each role's permissions as role get prints them.
void print_detail(const std::string& name, const etcdserverpb::AuthUserGetResponse& resp, Printer& printer,
                  Context& ctx) {
    ctx.io().out.write(fmt::format("User: {}\n", name));
    for (const auto& role : resp.roles()) {
        ctx.io().out.write("\n");
        etcdserverpb::AuthRoleGetRequest req;
        req.set_role(role);
        auto role_resp = ctx.session().call(&Auth::Stub::RoleGet, req, Retry::read);
        printer.print(RoleShown{role, role_resp}, k_role_views);
    }
}

void run_get(const UserOptions& o, Context& ctx) {
    const std::string& name = user_name_arg(o, "get");
    auto& printer = o.detail ? ctx.printer(k_role_views) : ctx.printer(k_get_views);
    etcdserverpb::AuthUserGetRequest req;
    req.set_name(name);
    auto resp = ctx.session().call(&Auth::Stub::UserGet, req, Retry::read);
    if (o.detail) {
        print_detail(name, resp, printer, ctx);
    } else {
        printer.print(UserShown{name, resp}, k_get_views);
    }
}

void list_simple(const etcdserverpb::AuthUserListResponse& resp, Sink& out) {
    std::string text;
    for (const auto& user : resp.users()) {
        text += user + "\n";
    }
    out.write(text);
}

// fields, table: etcdctl has no view of the user list.
const Views<etcdserverpb::AuthUserListResponse> k_list_views{list_simple};

void run_list(const UserOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args("user list command requires no arguments");
    }
    auto& printer = ctx.printer(k_list_views);
    auto resp = ctx.session().call(&Auth::Stub::UserList, etcdserverpb::AuthUserListRequest(), Retry::read);
    printer.print(resp, k_list_views);
}

// -- user delete, passwd, grant-role, revoke-role -------------------------------

void run_delete(const UserOptions& o, Context& ctx) {
    etcdserverpb::AuthUserDeleteRequest req;
    req.set_name(user_name_arg(o, "delete"));
    change_auth(ctx, &Auth::Stub::UserDelete, req, fmt::format("User {} deleted", req.name()));
}

void run_passwd(const UserOptions& o, Context& ctx) {
    etcdserverpb::AuthUserChangePasswordRequest req;
    req.set_name(user_name_arg(o, "passwd"));
    ctx.printer(k_auth_change_views); // an unsupported -w fails before asking for a password
    req.set_password(password_from_user(o, ctx, req.name(), "--interactive=false"));
    change_auth(ctx, &Auth::Stub::UserChangePassword, req, "Password updated");
}

void run_grant_role(const UserOptions& o, Context& ctx) {
    if (o.args.size() != 2) {
        throw_bad_args("user grant command requires user name and role name as its argument");
    }
    etcdserverpb::AuthUserGrantRoleRequest req;
    req.set_user(o.args[0]);
    req.set_role(o.args[1]);
    change_auth(ctx, &Auth::Stub::UserGrantRole, req,
                fmt::format("Role {} is granted to user {}", req.role(), req.user()));
}

void run_revoke_role(const UserOptions& o, Context& ctx) {
    if (o.args.size() != 2) {
        throw_bad_args("user revoke-role requires user name and role name as its argument");
    }
    etcdserverpb::AuthUserRevokeRoleRequest req;
    req.set_name(o.args[0]);
    req.set_role(o.args[1]);
    change_auth(ctx, &Auth::Stub::UserRevokeRole, req,
                fmt::format("Role {} is revoked from user {}", req.role(), req.name()));
}

} // namespace

void add_user_command(CLI::App& root, Context& ctx) {
    auto* user = root.add_subcommand("user", "User related commands");
    auto add = add_command<UserOptions>(user, ctx, "add", "Adds a new user", "<user name or user:password> [options]",
                                        run_add);
    add_bool_flag(add.cmd, "interactive", add.options->interactive,
                  "Read password from stdin instead of interactive terminal");
    add_value_flag(add.cmd, "new-user-password", add.options->new_user_password, flag_type::k_string,
                   "Supply password from the command line flag");
    add_bool_flag(add.cmd, "no-password", add.options->no_password,
                  "Create a user without password (CN based auth only)");
    add_command<UserOptions>(user, ctx, "delete", "Deletes a user", "<user name>", run_delete);
    auto get = add_command<UserOptions>(user, ctx, "get", "Gets detailed information of a user",
                                        "<user name> [options]", run_get);
    add_bool_flag(get.cmd, "detail", get.options->detail, "Show permissions of roles granted to the user");
    add_command<UserOptions>(user, ctx, "list", "Lists all users", "", run_list);
    auto passwd =
        add_command<UserOptions>(user, ctx, "passwd", "Changes password of user", "<user name> [options]", run_passwd);
    add_bool_flag(passwd.cmd, "interactive", passwd.options->interactive,
                  "If true, read password from stdin instead of interactive terminal");
    add_command<UserOptions>(user, ctx, "grant-role", "Grants a role to a user", "<user name> <role name>",
                             run_grant_role);
    add_command<UserOptions>(user, ctx, "revoke-role", "Revokes a role from a user", "<user name> <role name>",
                             run_revoke_role);
    describe_command(user, "",
                     {"ectl user add root --new-user-password=\"$ROOT_PASSWORD\"", "ectl user grant-role root root",
                      "ectl user add alice --interactive=false < alice-password.txt", "ectl user get alice --detail"});
}

} // namespace ectl
