// endpoint: commands about each endpoint (health, status, hashkv), with --cluster for every member.
// Every endpoint is asked at once, on a session of its own (src/endpoint_checks.hpp), so a dead
// member costs one dial timeout and the others still answer; results print in endpoint order.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/str_join.h>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "endpoint_checks.hpp"
#include "endpoints.hpp"
#include "error.hpp"
#include "output/field_lines.hpp"
#include "output/go_json.hpp"
#include "output/json_record.hpp"
#include "parse.hpp"
#include "session/session.hpp"

namespace ectl {
namespace {

// The flags of `endpoint` itself, shared by its subcommands (cobra's persistent flags).
struct EndpointFlags {
    bool cluster = false;
};

struct EndpointOptions {
    std::vector<std::string> args;
    std::string rev = "0"; // hashkv only
    std::shared_ptr<EndpointFlags> endpoint;
};

// etcdctl's health list, and where its simple format writes (stderr, as etcdctl does).
struct HealthReport {
    std::vector<EndpointHealth> list;
    Sink* err = nullptr;
};
using EndpointHashes = std::vector<EndpointAnswer<etcdserverpb::HashKVResponse>>;
using EndpointStatuses = std::vector<EndpointAnswer<etcdserverpb::StatusResponse>>;

void health_simple(const HealthReport& r, Sink& /*out*/) {
    for (const auto& h : r.list) {
        r.err->write(
            h.error.empty()
                ? fmt::format("{} is healthy: successfully committed proposal: took = {}\n", h.endpoint, h.took)
                : fmt::format("{} is unhealthy: failed to commit proposal: {}\n", h.endpoint, h.error));
    }
}

void health_fields(const HealthReport& r, FieldLines& lines) {
    for (const auto& h : r.list) {
        lines.quoted("Endpoint", h.endpoint);
        lines.line("Health", h.health);
        lines.line("Took", h.took);
        lines.line("Error", h.error);
        lines.line_break();
    }
}

TextTable health_table(const HealthReport& r) {
    TextTable table({"endpoint", "health", "took", "error"});
    for (const auto& h : r.list) {
        table.add_row({h.endpoint, h.health ? "true" : "false", h.took, h.error});
    }
    return table;
}

// [{"endpoint":"...","health":true,"took":"...","error":"..."}]: etcdctl's []epHealth, error omitempty.
void health_json(const HealthReport& r, std::string& text) {
    text += '[';
    for (const auto& h : r.list) {
        text += text.size() > 1 ? ",{\"endpoint\":" : "{\"endpoint\":";
        append_go_json_string(text, h.endpoint);
        text += h.health ? ",\"health\":true,\"took\":" : ",\"health\":false,\"took\":";
        append_go_json_string(text, h.took);
        if (!h.error.empty()) {
            text += ",\"error\":";
            append_go_json_string(text, h.error);
        }
        text += '}';
    }
    text += ']';
}

const Views<HealthReport> k_health_views{health_simple, health_fields, health_table, health_json};

// One row of etcdctl's status table (and of its simple lines).
std::vector<std::string> status_row(const EndpointAnswer<etcdserverpb::StatusResponse>& s) {
    const auto& r = s.resp;
    return {s.endpoint,
            fmt::format("{:x}", r.header().member_id()),
            r.version(),
            humanize_bytes(static_cast<uint64_t>(r.dbsize())),
            r.leader() == r.header().member_id() ? "true" : "false",
            r.islearner() ? "true" : "false",
            std::to_string(r.raftterm()),
            std::to_string(r.raftindex()),
            std::to_string(r.raftappliedindex()),
            absl::StrJoin(r.errors(), ", ")};
}

void status_simple(const EndpointStatuses& list, Sink& out) {
    for (const auto& s : list) {
        out.write(absl::StrJoin(status_row(s), ", ") + "\n");
    }
}

void status_fields(const EndpointStatuses& list, FieldLines& lines) {
    for (const auto& s : list) {
        const auto& r = s.resp;
        lines.header(r.header());
        lines.quoted("Version", r.version());
        lines.line("DBSize", r.dbsize());
        lines.line("Leader", r.leader());
        lines.line("IsLearner", r.islearner());
        lines.line("RaftIndex", r.raftindex());
        lines.line("RaftTerm", r.raftterm());
        lines.line("RaftAppliedIndex", r.raftappliedindex());
        lines.line("Errors", "[" + absl::StrJoin(r.errors(), " ") + "]"); // Go's %v of a []string
        lines.quoted("Endpoint", s.endpoint);
        lines.line_break();
    }
}

TextTable status_table(const EndpointStatuses& list) {
    TextTable table({"endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                     "raft applied index", "errors"});
    for (const auto& s : list) {
        table.add_row(status_row(s));
    }
    return table;
}

// [{"Endpoint":"...","<name>":{...}}], as encoding/json writes etcdctl's []epStatus / []epHashKV.
template <typename Resp>
void answers_json(const std::vector<EndpointAnswer<Resp>>& list, const char* name, std::string& text) {
    text += '[';
    for (const auto& a : list) {
        text += text.size() > 1 ? ",{\"Endpoint\":" : "{\"Endpoint\":";
        append_go_json_string(text, a.endpoint);
        text += fmt::format(",\"{}\":", name);
        append_go_json(text, a.resp);
        text += '}';
    }
    text += ']';
}

void status_json(const EndpointStatuses& list, std::string& text) {
    answers_json(list, "Status", text);
}

const Views<EndpointStatuses> k_status_views{status_simple, status_fields, status_table, status_json};

void hashes_simple(const EndpointHashes& list, Sink& out) {
    for (const auto& h : list) {
        out.write(fmt::format("{}, {}\n", h.endpoint, h.resp.hash()));
    }
}

void hashes_fields(const EndpointHashes& list, FieldLines& lines) {
    for (const auto& h : list) {
        lines.header(h.resp.header());
        lines.quoted("Endpoint", h.endpoint);
        lines.line("Hash", h.resp.hash());
        lines.line_break();
    }
}

TextTable hashes_table(const EndpointHashes& list) {
    TextTable table({"endpoint", "hash"});
    for (const auto& h : list) {
        table.add_row({h.endpoint, std::to_string(h.resp.hash())});
    }
    return table;
}

void hashes_json(const EndpointHashes& list, std::string& text) {
    answers_json(list, "HashKV", text);
}

// ectl's -w jsonl: one record per endpoint.
void hashes_jsonl(const EndpointHashes& list, std::string& text) {
    for (const auto& h : list) {
        text += JsonRecord()
                    .text("endpoint", h.endpoint)
                    .number("hash", h.resp.hash())
                    .number("compact_revision", h.resp.compact_revision())
                    .line();
    }
}

const Views<EndpointHashes> k_hash_views{hashes_simple, hashes_fields, hashes_table, hashes_json, false, hashes_jsonl};

void check_no_args(const EndpointOptions& o, const char* name) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("endpoint {} takes no arguments (got \"{}\")", name, o.args.front()));
    }
}

// Asks every endpoint with ask, reports those that did not answer on stderr as etcdctl does
// ("Failed to get the <what> of endpoint ..."), and returns those that did; failure keeps the
// last error.
template <typename Resp>
std::vector<EndpointAnswer<Resp>> ask_endpoints(const EndpointOptions& o, Context& ctx, const char* what,
                                                const std::function<Resp(Session&)>& ask,
                                                std::optional<Error>& failure) {
    auto endpoints = command_endpoints(ctx, o.endpoint->cluster);
    std::vector<EndpointAnswer<Resp>> answered;
    for (auto& a : ask_each_endpoint<Resp>(ctx.session(), endpoints, ask)) {
        if (a.error) {
            ctx.io().err.write(
                fmt::format("Failed to get the {} of endpoint {} ({})\n", what, a.endpoint, a.error->what()));
            failure = a.error;
        } else {
            answered.push_back(std::move(a));
        }
    }
    return answered;
}

void run_health(const EndpointOptions& o, Context& ctx) {
    check_no_args(o, "health");
    auto& printer = ctx.printer(k_health_views);
    HealthReport report{check_health(ctx.session(), command_endpoints(ctx, o.endpoint->cluster)), &ctx.io().err};
    printer.print(report, k_health_views);
    for (const auto& h : report.list) {
        if (!h.error.empty()) {
            throw Error(ExitCode::error, "unhealthy cluster");
        }
    }
}

void run_status(const EndpointOptions& o, Context& ctx) {
    check_no_args(o, "status");
    auto& printer = ctx.printer(k_status_views);
    std::optional<Error> failure;
    std::function<etcdserverpb::StatusResponse(Session&)> ask = [](Session& s) {
        return s.call(&etcdserverpb::Maintenance::Stub::Status, etcdserverpb::StatusRequest(), Retry::read);
    };
    auto statuses = ask_endpoints(o, ctx, "status", ask, failure);
    printer.print(statuses, k_status_views);
    if (failure) {
        // etcdctl exits without an Error line: the endpoints that failed are named above.
        throw Error::silent(partial_failure_status(statuses.size(), *failure));
    }
}

void run_hashkv(const EndpointOptions& o, Context& ctx) {
    check_no_args(o, "hashkv");
    etcdserverpb::HashKVRequest req;
    req.set_revision(parse_int_flag("rev", o.rev));
    auto& printer = ctx.printer(k_hash_views);
    std::optional<Error> failure;
    std::function<etcdserverpb::HashKVResponse(Session&)> ask = [&req](Session& s) {
        return s.call(&etcdserverpb::Maintenance::Stub::HashKV, req, Retry::read);
    };
    auto hashes = ask_endpoints(o, ctx, "hash", ask, failure);
    printer.print(hashes, k_hash_views);
    if (failure) {
        throw Error(partial_failure_status(hashes.size(), *failure), failure->what());
    }
}

} // namespace

void add_endpoint_command(CLI::App& root, Context& ctx) {
    auto* endpoint = root.add_subcommand("endpoint", "Endpoint related commands");
    endpoint->fallthrough();
    auto flags = std::make_shared<EndpointFlags>();
    add_bool_flag(endpoint, "cluster", flags->cluster, "use all endpoints from the cluster member list");
    auto health = add_command<EndpointOptions>(
        endpoint, ctx, "health", "Checks the healthiness of endpoints specified in `--endpoints` flag", "", run_health);
    health.options->endpoint = flags;
    auto status = add_command<EndpointOptions>(
        endpoint, ctx, "status", "Prints out the status of endpoints specified in `--endpoints` flag", "", run_status);
    status.options->endpoint = flags;
    describe_command(status.cmd,
                     "When --write-out is set to simple, this command prints out comma-separated status lists for "
                     "each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is "
                     "learner, raft term, raft index, raft applied index, errors.\n");
    auto hashkv = add_command<EndpointOptions>(
        endpoint, ctx, "hashkv", "Prints the KV history hash for each endpoint in --endpoints", "", run_hashkv);
    hashkv.options->endpoint = flags;
    add_value_flag(hashkv.cmd, "rev", hashkv.options->rev, flag_type::k_int64,
                   "maximum revision to hash (default: all revisions)");
    describe_command(endpoint, "",
                     {"ectl --endpoints=127.0.0.1:2379,127.0.0.1:22379 endpoint health",
                      "ectl endpoint status --cluster -w table", "ectl endpoint hashkv --cluster --rev=1000"});
}

} // namespace ectl
