#pragma once
// SIGINT, SIGTERM and SIGHUP, handled on one thread so gRPC's threads never see them.

#include <functional>

namespace ectl {

// Blocks the three signals in the calling thread, so every thread created later (gRPC's) inherits
// the mask. Called first thing by run_cli; cheap, starts no thread.
void block_signals();

// Starts the thread that waits for the signals. Without a handler it reproduces the signal's
// original effect (die by it, or ignore it when it was inherited as ignored), like etcdctl.
void start_signal_thread();

// Runs handler(signo) on the signal thread for each signal from now on, even for a SIGINT that
// was inherited as ignored (a background job of a non-interactive shell). Pass nullptr to stop.
void on_signal(std::function<void(int)> handler);

// The mask a child process must start with (nothing blocked), applied between fork and exec.
void unblock_signals_in_child();

} // namespace ectl
