#pragma once
// What the commands that stream events share (watch, get --watch): a resilient watcher whose
// reconnects reach the printer, one way to print a watch response, and one way to end.

#include <memory>
#include <string>

#include "context.hpp"
#include "watcher.hpp"

namespace ectl {

// A watcher on the command's session whose notes name command, failing over when there are
// several endpoints, and telling the printer (jsonl's "reconnected" record) when it resumes.
std::shared_ptr<Watcher> make_printing_watcher(Context& ctx, const std::string& command);

// Prints one response as watch does (a cancellation's reason on stderr, a progress
// notification, the events) and flushes it.
void print_watch_response(Context& ctx, const etcdserverpb::WatchResponse& resp);

// The outcome of Watcher::run as etcdctl's exit: silent 128+signal, or "canceled by the server".
[[noreturn]] void finish_watch(const WatchEnd& end);

} // namespace ectl
