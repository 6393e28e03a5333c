#include "batch_lines.hpp"

namespace ectl {
namespace {

// Commands that cannot be one line among others, and why: always, only with a flag (when), or
// unless a flag is given (unless).
struct Refusal {
    const char* path;
    const char* why;
    const char* when = nullptr;
    const char* unless = nullptr;
};
constexpr Refusal k_refused[] = {
    {"watch", "it runs until interrupted"},
    {"get", "get --watch runs until interrupted", "--watch"},
    {"lock", "it holds the lock until interrupted, or runs a command"},
    {"elect", "it campaigns or observes until interrupted"},
    {"register", "it holds the registration until interrupted, or runs a command"},
    {"txn", "it reads standard input, which holds batch's lines (batch --txn N groups writes into one txn)"},
    {"batch", "batch does not nest"},
    {"lease keep-alive", "it runs until interrupted (lease keep-alive --once may)", nullptr, "--once"},
};

// A put or del with one of these is not a plain write: it sends its own requests (a lease, a
// transaction, a read), so the pending group must go first to keep the lines in order.
constexpr const char* k_own_requests[] = {"--ttl", "--if-absent", "--if-mod-rev", "--if-value", "--dry-run"};

// Whether cmd was given the boolean flag name.
bool flag_given(const CLI::App& cmd, const char* name) {
    const auto* opt = cmd.get_option_no_throw(name);
    return opt != nullptr && opt->count() > 0 && opt->as<bool>();
}

} // namespace

bool batch_deferrable(const CLI::App& cmd) {
    for (const char* name : k_own_requests) {
        const auto* opt = cmd.get_option_no_throw(name);
        if (opt != nullptr && opt->count() > 0) {
            return false;
        }
    }
    return true;
}

std::optional<std::string> batch_refusal(const CLI::App& cmd, const std::string& path) {
    for (const auto& r : k_refused) {
        if (path == r.path && (r.when == nullptr || flag_given(cmd, r.when)) &&
            (r.unless == nullptr || !flag_given(cmd, r.unless))) {
            return std::string(r.why);
        }
    }
    return std::nullopt;
}

} // namespace ectl
