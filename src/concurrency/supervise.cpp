#include "concurrency/supervise.hpp"

#include <csignal>
#include <cstring>
#include <optional>
#include <thread>

#include <fmt/format.h>

namespace ectl {
namespace {

using Clock = std::chrono::steady_clock;

} // namespace

std::string signal_name(int signo) {
    switch (signo) {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    case SIGHUP:
        return "SIGHUP";
    case SIGKILL:
        return "SIGKILL";
    default:
        return fmt::format("signal {}", signo);
    }
}

SupervisedEnd supervise_child(SupervisedChild& child, TurnEvents& events, std::chrono::milliseconds grace) {
    const SupervisedChild watched = child;
    std::thread reaper([watched, &events] { events.child_exited(wait_child_exit(watched)); });
    SupervisedEnd end;
    std::optional<Clock::time_point> kill_at;
    bool killed = false;
    for (;;) {
        TurnEvent ev;
        if (!events.next(ev, kill_at)) {
            signal_child_group(child, SIGKILL); // still running a grace period after TERM
            kill_at.reset();
            killed = true;
            continue;
        }
        if (ev.kind == TurnEvent::Kind::child_exit) {
            end.status = ev.value;
            break;
        }
        if (ev.kind == TurnEvent::Kind::signal) {
            signal_child_group(child, ev.value);
        } else if (ev.kind == TurnEvent::Kind::lost && !end.lost) {
            end.lost = true;
            end.reason = ev.reason;
            signal_child_group(child, SIGTERM);
        } else {
            continue; // a late --timeout alarm
        }
        if (!kill_at && !killed) {
            kill_at = Clock::now() + grace;
        }
    }
    reaper.join();
    reap_child(child);
    if (end.lost) {
        end.fate = killed ? fmt::format("the command did not exit within {}s of SIGTERM and was killed with SIGKILL",
                                        std::chrono::duration_cast<std::chrono::seconds>(grace).count())
                          : fmt::format("the command was stopped with SIGTERM (exit status {})", end.status);
    }
    return end;
}

} // namespace ectl
