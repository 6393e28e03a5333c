#pragma once
// What can interrupt a lock or an election: signals, the loss of the session or key, the --timeout
// alarm, and the exit of a supervised child, queued in arrival order for the main thread.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace ectl {

// One thing that happened.
struct TurnEvent {
    enum class Kind { signal, lost, timeout, child_exit };
    Kind kind = Kind::signal;
    int value = 0;      // the signal number, or the child's status as a shell reports it
    std::string reason; // why the lock or leadership was lost
};

// A thread-safe queue of TurnEvents, plus a hook that aborts the main thread's blocking step
// (a watch) as soon as a signal, a loss or the alarm arrives.
class TurnEvents {
public:
    TurnEvents() = default;
    ~TurnEvents();
    TurnEvents(const TurnEvents&) = delete;
    TurnEvents& operator=(const TurnEvents&) = delete;

    // Records a signal (called on the signal thread).
    void signal(int signo);
    // Records that the lock or leadership is lost (only the first reason is queued).
    void lost(const std::string& reason);
    // Records the exit of the supervised child.
    void child_exited(int status);
    // Queues a timeout event at when, unless cancel_alarm() comes first.
    void set_alarm(std::chrono::steady_clock::time_point when);
    // Cancels a pending alarm and joins its thread.
    void cancel_alarm();
    // The first signal, loss or timeout so far, if any.
    std::optional<TurnEvent> stop_cause() const;
    // Runs cancel now when a stop cause exists, and otherwise when one arrives, until disarm().
    void arm(std::function<void()> cancel);
    // Forgets the hook; returns once a running hook has finished.
    void disarm();
    // Pops the next event, waiting until deadline (forever without one); false at the deadline.
    bool next(TurnEvent& event, std::optional<std::chrono::steady_clock::time_point> deadline);

private:
    void push(TurnEvent event);

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<TurnEvent> m_queue;
    std::optional<TurnEvent> m_stop_cause;
    bool m_lost = false;
    bool m_alarm_cancelled = false;
    std::thread m_alarm;
    std::mutex m_hook_mutex; // held while the hook runs
    std::function<void()> m_hook;
};

} // namespace ectl
