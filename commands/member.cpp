// member: list, add, remove, update and promote the members of the cluster.
#include <memory>
#include <string>
#include <vector>

#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "member_requests.hpp"
#include "output/field_lines.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::Cluster;

struct MemberOptions {
    std::vector<std::string> args;
    std::string peer_urls; // add, update
    bool learner = false;  // add
};

// -- member list ---------------------------------------------------------------

// etcdctl's makeMemberListTable rows: ID, status, name, peer URLs, client URLs, learner.
std::vector<std::vector<std::string>> member_rows(const etcdserverpb::MemberListResponse& resp) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : resp.members()) {
        rows.push_back({fmt::format("{:x}", m.id()), m.name().empty() ? "unstarted" : "started", m.name(),
                        absl::StrJoin(m.peerurls(), ","), absl::StrJoin(m.clienturls(), ","),
                        m.islearner() ? "true" : "false"});
    }
    return rows;
}

void list_simple(const etcdserverpb::MemberListResponse& resp, Sink& out) {
    for (const auto& row : member_rows(resp)) {
        out.write(absl::StrJoin(row, ", ") + "\n");
    }
}

void list_fields(const etcdserverpb::MemberListResponse& resp, FieldLines& lines) {
    lines.header(resp.header());
    for (const auto& m : resp.members()) {
        lines.line("ID", m.id());
        lines.quoted("Name", m.name());
        for (const auto& url : m.peerurls()) {
            lines.quoted("PeerURL", url);
        }
        for (const auto& url : m.clienturls()) {
            lines.quoted("ClientURL", url);
        }
        lines.line("IsLearner", m.islearner());
        lines.line_break();
    }
}

TextTable list_table(const etcdserverpb::MemberListResponse& resp) {
    TextTable table({"ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"});
    for (const auto& row : member_rows(resp)) {
        table.add_row(row);
    }
    return table;
}

const Views<etcdserverpb::MemberListResponse> k_list_views{list_simple, list_fields, list_table};

void run_list(const MemberOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("member list takes no arguments (got \"{}\")", o.args.front()));
    }
    auto& printer = ctx.printer(k_list_views);
    auto resp = ctx.session().call(&Cluster::Stub::MemberList, etcdserverpb::MemberListRequest(), Retry::read);
    printer.print(resp, k_list_views);
}

// -- member add ----------------------------------------------------------------

// An add response with what its simple format prints besides it: the name and --peer-urls given.
struct MemberAdded {
    const etcdserverpb::MemberAddResponse& resp;
    const std::string& name;
    const std::string& peer_urls;
};

void added_simple(const MemberAdded& a, Sink& out) {
    out.write(
        fmt::format("Member {:16x} added to cluster {:16x}\n", a.resp.member().id(), a.resp.header().cluster_id()));
    out.write(member_add_environment(a.resp, a.name, a.peer_urls));
}

const google::protobuf::Message& added_message(const MemberAdded& a) {
    return a.resp;
}

// fields and table: etcdctl has no view of an add (it says so after adding the member).
const Views<MemberAdded> k_add_views{added_simple, nullptr, nullptr, nullptr, true, nullptr, added_message};

void run_add(const MemberOptions& o, Context& ctx) {
    auto req = make_member_add_request(o.args, o.peer_urls, o.learner);
    auto& printer = ctx.printer(k_add_views);
    auto resp = ctx.session().call(&Cluster::Stub::MemberAdd, req, Retry::write);
    printer.print(MemberAdded{resp, o.args.front(), o.peer_urls}, k_add_views);
}

// -- member remove, update, promote --------------------------------------------

// The answer to a change of one member: which member, what happened to it, the response.
struct MemberChanged {
    uint64_t id;
    const char* what; // "removed from", "updated in", "promoted in"
    const etcdserverpb::ResponseHeader& header;
    const google::protobuf::Message& resp;
};

void changed_simple(const MemberChanged& c, Sink& out) {
    out.write(fmt::format("Member {:16x} {} cluster {:16x}\n", c.id, c.what, c.header.cluster_id()));
}

const google::protobuf::Message& changed_message(const MemberChanged& c) {
    return c.resp;
}

// fields and table: as for add. etcdctl's json and protobuf printers have no view of a promote
// (they panic after promoting); ectl prints the response as for remove and update.
const Views<MemberChanged> k_change_views{changed_simple, nullptr, nullptr, nullptr, true, nullptr, changed_message};

template <typename Req, typename Resp>
void change_member(Context& ctx, UnaryMethod<Cluster::Stub, Req, Resp> method, const Req& req, const char* what,
                   Retry retry) {
    auto& printer = ctx.printer(k_change_views);
    Resp resp = ctx.session().call(method, req, retry);
    printer.print(MemberChanged{req.id(), what, resp.header(), resp}, k_change_views);
}

void run_remove(const MemberOptions& o, Context& ctx) {
    etcdserverpb::MemberRemoveRequest req;
    req.set_id(member_id_from_args(o.args));
    change_member(ctx, &Cluster::Stub::MemberRemove, req, "removed from", Retry::write);
}

void run_update(const MemberOptions& o, Context& ctx) {
    // Setting the same peer URLs twice changes nothing: clientv3 retries updates as it does reads.
    change_member(ctx, &Cluster::Stub::MemberUpdate, make_member_update_request(o.args, o.peer_urls), "updated in",
                  Retry::read);
}

void run_promote(const MemberOptions& o, Context& ctx) {
    etcdserverpb::MemberPromoteRequest req;
    req.set_id(member_id_from_args(o.args));
    change_member(ctx, &Cluster::Stub::MemberPromote, req, "promoted in", Retry::write);
}

} // namespace

void add_member_command(CLI::App& root, Context& ctx) {
    auto* member = root.add_subcommand("member", "Membership related commands");
    auto add = add_command<MemberOptions>(member, ctx, "add", "Adds a member into the cluster",
                                          "<memberName> [options]", run_add);
    add_value_flag(add.cmd, "peer-urls", add.options->peer_urls, flag_type::k_string,
                   "comma separated peer URLs for the new member.");
    add_bool_flag(add.cmd, "learner", add.options->learner, "indicates if the new member is raft learner");
    add_command<MemberOptions>(member, ctx, "remove", "Removes a member from the cluster", "<memberID>", run_remove);
    auto update = add_command<MemberOptions>(member, ctx, "update", "Updates a member in the cluster",
                                             "<memberID> [options]", run_update);
    add_value_flag(update.cmd, "peer-urls", update.options->peer_urls, flag_type::k_string,
                   "comma separated peer URLs for the updated member.");
    auto list = add_command<MemberOptions>(member, ctx, "list", "Lists all members in the cluster", "", run_list);
    describe_command(list.cmd,
                     "When --write-out is set to simple, this command prints out comma-separated member lists for "
                     "each endpoint.\nThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is "
                     "Learner.\n");
    auto promote = add_command<MemberOptions>(member, ctx, "promote", "Promotes a non-voting member in the cluster",
                                              "<memberID>", run_promote);
    describe_command(promote.cmd, "Promotes a non-voting learner member to a voting one in the cluster.\n");
    describe_command(member, "",
                     {"ectl member list -w table", "ectl member add infra4 --learner --peer-urls=http://10.0.0.4:2380",
                      "ectl member promote 8e9e05c52164694d",
                      "ectl member update 8e9e05c52164694d --peer-urls=http://10.0.0.5:2380",
                      "ectl member remove 8e9e05c52164694d"});
}

} // namespace ectl
