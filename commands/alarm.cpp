// alarm: list and disarm the cluster's alarms (NOSPACE when the backend quota is used up, CORRUPT).
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "error.hpp"
#include "output/field_lines.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

using etcdserverpb::AlarmRequest;
using etcdserverpb::AlarmResponse;
using etcdserverpb::Maintenance;

struct AlarmOptions {
    std::vector<std::string> args;
};

// An alarm as etcdctl's %+v prints it: the gogoproto message's compact text form, zero fields
// left out, each field followed by a space ("memberID:123 alarm:NOSPACE ").
std::string alarm_text(const etcdserverpb::AlarmMember& a) {
    std::string text;
    if (a.memberid() != 0) {
        text += fmt::format("memberID:{} ", a.memberid());
    }
    if (a.alarm() != etcdserverpb::NONE) {
        const std::string& name = etcdserverpb::AlarmType_Name(a.alarm());
        text += name.empty() ? fmt::format("alarm:{} ", static_cast<int>(a.alarm())) : "alarm:" + name + " ";
    }
    return text;
}

void alarms_simple(const AlarmResponse& resp, Sink& out) {
    for (const auto& a : resp.alarms()) {
        out.write(alarm_text(a) + "\n");
    }
}

// etcd sends alarm responses without a header, and etcdctl's fields printer then crashes (nil
// pointer); ectl prints the header only when there is one.
void alarms_fields(const AlarmResponse& resp, FieldLines& lines) {
    if (resp.has_header()) {
        lines.header(resp.header());
    }
    for (const auto& a : resp.alarms()) {
        lines.line("MemberID", a.memberid());
        const std::string& name = etcdserverpb::AlarmType_Name(a.alarm());
        lines.line("AlarmType", name.empty() ? std::to_string(static_cast<int>(a.alarm())) : name);
        lines.line_break();
    }
}

const Views<AlarmResponse> k_alarm_views{alarms_simple, alarms_fields};

void check_no_args(const AlarmOptions& o, const char* name) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("alarm {} command accepts no arguments", name));
    }
}

AlarmResponse list_alarms(Session& session) {
    AlarmRequest req;
    req.set_action(AlarmRequest::GET); // member 0 and alarm NONE: every alarm of every member
    return session.call(&Maintenance::Stub::Alarm, req, Retry::read);
}

void run_list(const AlarmOptions& o, Context& ctx) {
    check_no_args(o, "list");
    auto& printer = ctx.printer(k_alarm_views);
    printer.print(list_alarms(ctx.session()), k_alarm_views);
}

// As etcdctl's client does: lists the alarms, then deactivates each one, and prints those the
// server reports as disarmed (a response of its own, without a header).
void run_disarm(const AlarmOptions& o, Context& ctx) {
    check_no_args(o, "disarm");
    auto& printer = ctx.printer(k_alarm_views);
    auto& session = ctx.session();
    AlarmResponse active = list_alarms(session);
    AlarmResponse disarmed;
    for (const auto& a : active.alarms()) {
        AlarmRequest req;
        req.set_action(AlarmRequest::DEACTIVATE);
        req.set_memberid(a.memberid());
        req.set_alarm(a.alarm());
        // Deactivating is idempotent, so it may be resent like a read.
        auto resp = session.call(&Maintenance::Stub::Alarm, req, Retry::read);
        disarmed.mutable_alarms()->MergeFrom(resp.alarms());
    }
    printer.print(disarmed, k_alarm_views);
}

} // namespace

void add_alarm_command(CLI::App& root, Context& ctx) {
    auto* alarm = root.add_subcommand("alarm", "Alarm related commands");
    add_command<AlarmOptions>(alarm, ctx, "disarm", "Disarms all alarms", "", run_disarm);
    add_command<AlarmOptions>(alarm, ctx, "list", "Lists all alarms", "", run_list);
    describe_command(alarm, "", {"ectl alarm list", "ectl alarm disarm"});
}

} // namespace ectl
