#include "signals.hpp"

#include <csignal>
#include <mutex>
#include <thread>

#include <pthread.h>

namespace ectl {
namespace {

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP};

std::mutex g_mutex;
std::function<void(int)> g_handler;
struct sigaction g_original[NSIG];
bool g_started = false;

sigset_t handled_set() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : k_signals) {
        sigaddset(&set, s);
    }
    return set;
}

void noop_handler(int /*signo*/) {}

// Without a handler: do what the signal would have done to a process that never blocked it.
void default_effect(int signo) {
    if (g_original[signo].sa_handler == SIG_IGN) {
        return;
    }
    ::signal(signo, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, signo);
    ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    ::raise(signo);
}

void signal_loop() {
    sigset_t set = handled_set();
    for (;;) {
        int signo = 0;
        if (::sigwait(&set, &signo) != 0) {
            continue;
        }
        std::function<void(int)> handler;
        {
            std::lock_guard<std::mutex> lock(g_mutex);
            handler = g_handler;
        }
        if (handler) {
            handler(signo);
        } else {
            default_effect(signo);
        }
    }
}

} // namespace

void block_signals() {
    for (int s : k_signals) {
        ::sigaction(s, nullptr, &g_original[s]);
    }
    sigset_t set = handled_set();
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void start_signal_thread() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_started) {
        return;
    }
    g_started = true;
    std::thread(signal_loop).detach();
}

void on_signal(std::function<void(int)> handler) {
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        g_handler = std::move(handler);
        if (g_handler) {
            // A signal whose disposition is SIG_IGN is discarded even while blocked: give it one.
            for (int s : k_signals) {
                struct sigaction sa {};
                sa.sa_handler = noop_handler;
                sigemptyset(&sa.sa_mask);
                ::sigaction(s, &sa, nullptr);
            }
        }
    }
    start_signal_thread();
}

void unblock_signals_in_child() {
    for (int s : k_signals) {
        ::signal(s, SIG_DFL);
    }
    sigset_t set = handled_set();
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

} // namespace ectl
