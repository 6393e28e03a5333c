#include "watch_args.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "key_range.hpp"
#include "parse.hpp"

namespace ectl {

WatchPlan make_watch_plan(const WatchOptions& o, std::vector<std::string> words, int len_at_dash) {
    WatchPlan plan;
    if (len_at_dash >= 0) {
        plan.exec.assign(words.begin() + len_at_dash, words.end());
        words.resize(static_cast<size_t>(len_at_dash));
        if (plan.exec.empty()) {
            throw_bad_args("bad number of arguments (found separator --, but no commands)");
        }
    }
    const char* env_key = std::getenv("ETCDCTL_WATCH_KEY");
    const char* env_range = std::getenv("ETCDCTL_WATCH_RANGE_END");
    if (env_key != nullptr && *env_key != '\0') {
        if (!words.empty()) {
            throw_bad_args("bad number of arguments (found conflicting environment key)");
        }
        words.emplace_back(env_key);
        if (env_range != nullptr && *env_range != '\0') {
            words.emplace_back(env_range);
        }
    }
    if (words.empty()) {
        throw_bad_args("bad number of arguments");
    }
    if (words.size() > 2) {
        throw RangeError(fmt::format("too many arguments: watch takes <key> [range_end], got {} (put \"--\" before "
                                     "a command to run)",
                                     words.size()));
    }
    if (words.size() == 2 && o.prefix) {
        throw RangeError("`range_end` and `--prefix` are mutually exclusive");
    }
    int64_t rev = parse_int_flag("rev", o.rev);
    if (rev < 0) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--rev\" flag: must not be negative", o.rev));
    }
    KeyRange range = resolve_key_range(words[0], words.size() > 1 ? &words[1] : nullptr, o.prefix, false);
    plan.spec = {range.key, range.range_end, rev, o.prev_kv};
    return plan;
}

} // namespace ectl
