// lock: acquire a named lock (etcdctl's protocol), hold it until signalled or while a command runs.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "concurrency/mutex.hpp"
#include "concurrency/turn.hpp"
#include "error.hpp"
#include "go_quote.hpp"
#include "parse.hpp"

namespace ectl {
namespace {

struct LockOptions {
    std::vector<std::string> args;
    std::string ttl = "10";
    std::string timeout = "0s";
    bool try_only = false;
};

constexpr const char* k_footer =
    "Without a command, prints the lock key and holds the lock until SIGINT, SIGTERM or SIGHUP, then deletes the "
    "key and revokes the session lease (exit 0).\n"
    "With a command (put -- before it when it has options), runs it while the lock is held, with stdin, "
    "ETCD_LOCK_KEY and ETCD_LOCK_REV (the key's create revision: a fencing token) and exits with its status. "
    "SIGINT/SIGTERM/SIGHUP are forwarded to it. If the lock is lost (lease expired or revoked, key deleted, no "
    "contact with etcd for a TTL) the command's process group gets SIGTERM, then SIGKILL after 5s. The command "
    "dies with ectl, even on kill -9, and what it leaves running in its process group is killed when it exits, "
    "before the lock is released.\n"
    "Exit status: 70 lock lost; 75 not acquired (--try, --timeout); 127/126 command not found/not runnable; "
    "the command's own status otherwise. ectl's own failures always say so on stderr.";

void run_lock(const LockOptions& o, Context& ctx) {
    if (o.args.empty()) {
        throw_bad_args("lock takes a lock name argument and an optional command to execute");
    }
    const std::string name = o.args.front();
    TurnOptions t;
    t.ttl = parse_session_ttl(o.ttl);
    t.command.assign(o.args.begin() + 1, o.args.end());
    t.timeout = parse_duration_flag("timeout", o.timeout);
    if (t.timeout.count() < 0) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--timeout\" flag: must not be negative", o.timeout));
    }
    t.timeout_text = o.timeout;
    t.try_only = o.try_only;
    t.command_name = "lock";
    t.key_env = "ETCD_LOCK_KEY";
    t.rev_env = "ETCD_LOCK_REV";
    t.subject = fmt::format("lock {}", go_quote(name));
    t.lost_label = "lock lost";
    run_turn(ctx, t, [name](Session& rpc, int64_t lease_id) { return std::make_unique<Mutex>(rpc, name, lease_id); });
}

} // namespace

void add_lock_command(CLI::App& root, Context& ctx) {
    auto lock = add_command<LockOptions>(&root, ctx, "lock", "Acquires a named lock",
                                         "<lockname> [exec-command arg1 arg2 ...]", run_lock);
    describe_command(lock.cmd, k_footer,
                     {"ectl lock deploy -- ./deploy.sh", "ectl lock --ttl=5 --timeout=30s nightly -- ./job",
                      "ectl lock --try nightly -- ./job", "ectl lock maintenance"});
    add_value_flag(lock.cmd, "ttl", lock.options->ttl, flag_type::k_int, "timeout for session");
    add_value_flag(lock.cmd, "timeout", lock.options->timeout, flag_type::k_duration,
                   "give up waiting for the lock after this long (e.g. 30s; exit 75)");
    add_bool_flag(lock.cmd, "try", lock.options->try_only, "fail at once (exit 75) if the lock is held");
}

} // namespace ectl
