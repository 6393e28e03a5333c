#pragma once
// watch's arguments: etcdctl's rules for key, range end, "--" exec commands and the
// ETCDCTL_WATCH_* variables, minus its silent acceptance of extra arguments. Pure; unit-tested.

#include <string>
#include <vector>

#include "error.hpp"
#include "watcher.hpp"

namespace ectl {

// `watch [options] [key] [range_end] [-- cmd args]` as parsed by CLI11.
struct WatchOptions {
    std::vector<std::string> args;
    bool interactive = false;
    bool prefix = false;
    std::string rev = "0";
    bool prev_kv = false;
};

// A key range that cannot be watched (etcdctl's getWatchChan errors): `watch -i` reports it
// and carries on, the command line fails with it.
class RangeError : public Error {
public:
    explicit RangeError(const std::string& message) : Error(ExitCode::bad_args, message) {}
};

// A watch request resolved from the arguments and flags, plus the exec command if any.
struct WatchPlan {
    WatchSpec spec;
    std::vector<std::string> exec;
};

// Resolves words (positionals; those from len_at_dash on are the exec command, -1: no "--").
// Throws Error(bad_args), or RangeError for a range etcdctl would refuse to watch.
WatchPlan make_watch_plan(const WatchOptions& o, std::vector<std::string> words, int len_at_dash);

} // namespace ectl
