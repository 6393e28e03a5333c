// elect: campaign in a named election (etcdctl's protocol) or observe its leaders.
#include <memory>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "concurrency/election.hpp"
#include "concurrency/turn.hpp"
#include "error.hpp"
#include "go_quote.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

struct ElectOptions {
    std::vector<std::string> args;
    bool listen = false;
    std::string ttl = "60";
};

constexpr const char* k_footer =
    "With a proposal, campaigns: once elected, prints the leader key and value and holds the leadership until "
    "SIGINT, SIGTERM or SIGHUP, then resigns and revokes the session lease (exit 0). With -l, prints the "
    "leader's proposal each time it changes, until signalled (exit 0).\n"
    "\"elect NAME PROPOSAL -- cmd args\" runs cmd only while leader, supervised like lock's command, with "
    "ETCD_ELECT_KEY and ETCD_ELECT_REV (the leader key's create revision) set.\n"
    "Exit status: 70 leadership lost; 127/126 command not found/not runnable; the command's own status otherwise.";

void run_observe(const std::string& name, Context& ctx) {
    Printer& printer = ctx.printer();
    auto events = std::make_shared<TurnEvents>();
    on_signal([events](int signo) { events->signal(signo); });
    observe_election(ctx.session(), *events, Notes(ctx.io().err, "elect"), name,
                     [&](const etcdserverpb::RangeResponse& resp) {
                         printer.get(resp);
                         ctx.io().out.flush();
                     });
}

void run_elect(const ElectOptions& o, Context& ctx) {
    std::vector<std::string> words = o.args;
    std::vector<std::string> command;
    int at_dash = ctx.args_len_at_dash();
    if (at_dash >= 0 && static_cast<size_t>(at_dash) <= words.size()) {
        command.assign(words.begin() + at_dash, words.end());
        words.resize(static_cast<size_t>(at_dash));
    }
    if (words.size() != 1 && words.size() != 2) {
        throw_bad_args("elect takes one election name argument and an optional proposal argument");
    }
    if (words.size() == 1) {
        if (!o.listen) {
            throw_bad_args("no proposal argument but -l not set");
        }
        if (!command.empty()) {
            throw_bad_args("a command runs only while leader: elect NAME PROPOSAL -- cmd args");
        }
        run_observe(words[0], ctx);
        return;
    }
    if (o.listen) {
        throw_bad_args("proposal given but -l is set");
    }
    TurnOptions t;
    t.ttl = parse_session_ttl(o.ttl);
    t.command = command;
    t.command_name = "elect";
    t.key_env = "ETCD_ELECT_KEY";
    t.rev_env = "ETCD_ELECT_REV";
    t.subject = fmt::format("election {}", go_quote(words[0]));
    t.lost_label = "leadership lost";
    const std::string name = words[0];
    const std::string proposal = words[1];
    run_turn(ctx, t, [name, proposal](Session& rpc, int64_t lease_id) {
        return std::make_unique<Candidate>(rpc, name, lease_id, proposal);
    });
}

} // namespace

void add_elect_command(CLI::App& root, Context& ctx) {
    auto elect = add_command<ElectOptions>(&root, ctx, "elect", "Observes and participates in leader election",
                                           "<election-name> [proposal] [-- exec-command arg1 arg2 ...]", run_elect);
    describe_command(elect.cmd, k_footer,
                     {"ectl elect scheduler \"$(hostname)\" -- ./run-scheduler", "ectl elect -l scheduler"});
    add_bool_flag(elect.cmd, "listen", elect.options->listen, "observation mode", 'l');
    add_value_flag(elect.cmd, "ttl", elect.options->ttl, flag_type::k_int,
                   "timeout for session (seconds): a leader that dies is replaced within it");
}

} // namespace ectl
