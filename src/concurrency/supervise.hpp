#pragma once
// Running a command while a lock or leadership is held: signals to ectl are forwarded to it, and
// when the lock is lost it is stopped (SIGTERM to its process group, SIGKILL after a grace period).

#include <chrono>
#include <string>

#include "child_process.hpp"
#include "concurrency/events.hpp"

namespace ectl {

// How long a command may take to exit after SIGTERM (or a forwarded signal) before SIGKILL.
constexpr std::chrono::milliseconds k_kill_grace{5000};

// "SIGINT", "SIGTERM", "SIGHUP", "SIGKILL", or "signal N".
std::string signal_name(int signo);

// How a supervised command ended.
struct SupervisedEnd {
    int status = 0;     // its exit status as a shell reports it (128+N for signal N)
    bool lost = false;  // the lock was lost while it ran
    std::string reason; // why the lock was lost
    std::string fate;   // what ectl did to the command because of the loss
};

// Waits for child to exit, forwarding SIGINT/SIGTERM/SIGHUP from events to its process group and
// stopping it when events report a loss; a child still running grace after either gets SIGKILL.
// Returns after the child has been reaped (and the terminal handed back).
SupervisedEnd supervise_child(SupervisedChild& child, TurnEvents& events, std::chrono::milliseconds grace);

} // namespace ectl
