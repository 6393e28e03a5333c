#pragma once
// How user and role responses print (etcdctl's printer_simple/printer_fields views of them), shared
// by the user and role commands: a change's one-line answer, and a role's permissions (role get,
// user get --detail).

#include <string>
#include <utility>

#include "context.hpp"
#include "output/printer.hpp"
#include "session/session.hpp"

namespace ectl {

// The answer to a change of users, roles or permissions: the line -w simple prints, the header
// -w fields prints, the response json and protobuf print.
struct AuthChange {
    std::string line;
    const etcdserverpb::ResponseHeader& header;
    const google::protobuf::Message& resp;
};

// simple: the line; fields: the header; json, protobuf: the response; table: not supported.
extern const Views<AuthChange> k_auth_change_views;

// A role's permissions as role get prints them, under the name asked for.
struct RoleShown {
    const std::string& name;
    const etcdserverpb::AuthRoleGetResponse& resp;
};

// simple: "Role <name>", then its read and its write permissions; fields: the header, then
// PermType, Key and RangeEnd of each; json, protobuf: the response; table: not supported.
extern const Views<RoleShown> k_role_views;

// Sends a change to the Auth service (a write) and prints `line` (-w simple) or the response. An
// unsupported -w fails before the request is sent.
template <typename Req, typename Resp>
void change_auth(Context& ctx, UnaryMethod<etcdserverpb::Auth::Stub, Req, Resp> method, const Req& req,
                 std::string line) {
    auto& printer = ctx.printer(k_auth_change_views);
    Resp resp = ctx.session().call(method, req, Retry::write);
    printer.print(AuthChange{std::move(line), resp.header(), resp}, k_auth_change_views);
}

} // namespace ectl
