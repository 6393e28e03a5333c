// get: read a key or a range of keys; large ranges stream in pages.
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/kv_requests.hpp"
#include "error.hpp"
#include "key_range.hpp"
#include "parse.hpp"
#include "range_pager.hpp"

namespace ectl {
namespace {

using etcdserverpb::RangeRequest;

constexpr const char* k_get_usage = "get command needs one argument as key and an optional argument as range_end";

int64_t non_negative_flag(std::string_view flag, const std::string& text) {
    int64_t value = parse_int_flag(flag, text);
    if (value < 0) {
        throw_bad_args(fmt::format("invalid argument \"{}\" for \"--{}\" flag: must not be negative", text, flag));
    }
    return value;
}

RangeRequest::SortOrder sort_order(const std::string& text) {
    std::string v = ascii_upper(text);
    if (v.empty()) {
        return RangeRequest::NONE;
    }
    if (v == "ASCEND") {
        return RangeRequest::ASCEND;
    }
    if (v == "DESCEND") {
        return RangeRequest::DESCEND;
    }
    throw Error(ExitCode::bad_feature, fmt::format("bad sort order {}", text));
}

RangeRequest::SortTarget sort_target(const std::string& text) {
    static const std::pair<const char*, RangeRequest::SortTarget> k_targets[] = {
        {"", RangeRequest::KEY},       {"KEY", RangeRequest::KEY},     {"CREATE", RangeRequest::CREATE},
        {"MODIFY", RangeRequest::MOD}, {"VALUE", RangeRequest::VALUE}, {"VERSION", RangeRequest::VERSION},
    };
    std::string v = ascii_upper(text);
    for (const auto& [name, target] : k_targets) {
        if (v == name) {
            return target;
        }
    }
    throw Error(ExitCode::bad_feature, fmt::format("bad sort target {}", text));
}

void run_get(const GetOptions& o, Context& ctx) {
    auto req = make_get_request(o);
    ctx.print_options().value_only = o.print_value_only;
    auto& printer = ctx.printer();
    if (o.print_value_only && printer.format() != "simple") {
        throw_bad_args("print-value-only is only for `--write-out=simple`");
    }
    print_range(ctx.session(), printer, req);
}

} // namespace

RangeRequest make_get_request(const GetOptions& o) {
    int64_t limit = non_negative_flag("limit", o.limit);
    int64_t rev = non_negative_flag("rev", o.rev);
    if (o.args.empty() || o.args.size() > 2) {
        throw_bad_args(o.args.empty() ? std::string(k_get_usage)
                                      : fmt::format("{} (got {} arguments)", k_get_usage, o.args.size()));
    }
    if (o.prefix && o.from_key) {
        throw_bad_args("`--prefix` and `--from-key` cannot be set at the same time, choose one");
    }
    RangeRequest req;
    if (o.consistency == "s") {
        req.set_serializable(true);
    } else if (o.consistency != "l") {
        throw Error(ExitCode::bad_feature, fmt::format("unknown consistency flag \"{}\"", o.consistency));
    }
    if (o.args.size() > 1 && (o.prefix || o.from_key)) {
        throw_bad_args("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
    }
    auto order = sort_order(o.order);
    auto target = sort_target(o.sort_by);
    // etcd returns keys in ascending key order anyway; clientv3 drops that redundant sort.
    if (target == RangeRequest::KEY && order == RangeRequest::ASCEND) {
        order = RangeRequest::NONE;
    }
    KeyRange range = resolve_key_range(o.args[0], o.args.size() > 1 ? &o.args[1] : nullptr, o.prefix, o.from_key);
    req.set_key(range.key);
    req.set_range_end(range.range_end);
    req.set_limit(limit);
    req.set_revision(rev);
    req.set_sort_order(order);
    req.set_sort_target(target);
    req.set_keys_only(o.keys_only);
    return req;
}

void add_get_command(CLI::App& root, Context& ctx) {
    auto o = std::make_shared<GetOptions>();
    auto* cmd = root.add_subcommand("get", "Gets the key or a range of keys");
    add_args(cmd, ctx, o->args, "<key> [range_end]");
    cmd->add_option("--consistency", o->consistency, "Linearizable(l) or Serializable(s)")->default_str("\"l\"");
    cmd->add_option("--order", o->order, "Order of results; ASCEND or DESCEND (ASCEND by default)")
        ->default_str("\"\"");
    cmd->add_option("--sort-by", o->sort_by, "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION")
        ->default_str("\"\"");
    cmd->add_option("--limit", o->limit, "Maximum number of results")->default_str("0");
    add_bool_flag(cmd, "prefix", o->prefix, "Get keys with matching prefix");
    add_bool_flag(cmd, "from-key", o->from_key,
                  "Get keys that are greater than or equal to the given key using byte compare");
    cmd->add_option("--rev", o->rev, "Specify the kv revision")->default_str("0");
    add_bool_flag(cmd, "keys-only", o->keys_only, "Get only the keys");
    add_bool_flag(cmd, "print-value-only", o->print_value_only,
                  "Only write values when using the \"simple\" output format");
    on_run(cmd, ctx, [o, &ctx] { run_get(*o, ctx); });
}

} // namespace ectl
