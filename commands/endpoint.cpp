// endpoint: commands about each endpoint in turn (hashkv), with --cluster for every member.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
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

struct HashKvOptions {
    std::vector<std::string> args;
    std::string rev = "0";
    std::shared_ptr<EndpointFlags> endpoint;
};

// One endpoint's answer (etcdctl's epHashKV).
struct EndpointHash {
    std::string endpoint;
    etcdserverpb::HashKVResponse resp;
};
using EndpointHashes = std::vector<EndpointHash>;

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

// [{"Endpoint":"...","HashKV":{...}}], as encoding/json writes etcdctl's []epHashKV.
void hashes_json(const EndpointHashes& list, std::string& text) {
    text += '[';
    for (const auto& h : list) {
        text += text.size() > 1 ? ",{\"Endpoint\":" : "{\"Endpoint\":";
        append_go_json_string(text, h.endpoint);
        text += ",\"HashKV\":";
        append_go_json(text, h.resp);
        text += '}';
    }
    text += ']';
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

void run_hashkv(const HashKvOptions& o, Context& ctx) {
    if (!o.args.empty()) {
        throw_bad_args(fmt::format("endpoint hashkv takes no arguments (got \"{}\")", o.args.front()));
    }
    etcdserverpb::HashKVRequest req;
    req.set_revision(parse_int_flag("rev", o.rev));
    auto& printer = ctx.printer(k_hash_views);
    EndpointHashes hashes;
    std::optional<Error> failure;
    for (const auto& ep : command_endpoints(ctx, o.endpoint->cluster)) {
        try {
            hashes.push_back(
                {ep, ctx.session().copy(ep)->call(&etcdserverpb::Maintenance::Stub::HashKV, req, Retry::read)});
        } catch (const Error& e) {
            ctx.io().err.write(fmt::format("Failed to get the hash of endpoint {} ({})\n", ep, e.what()));
            failure = e;
        }
    }
    printer.print(hashes, k_hash_views);
    if (failure) {
        // Some endpoint answered: a server-side failure (1); none did: a connection failure (2).
        throw Error(hashes.empty() ? failure->status() : ExitStatus(ExitCode::error), failure->what());
    }
}

} // namespace

void add_endpoint_command(CLI::App& root, Context& ctx) {
    auto* endpoint = root.add_subcommand("endpoint", "Endpoint related commands");
    endpoint->fallthrough();
    auto flags = std::make_shared<EndpointFlags>();
    add_bool_flag(endpoint, "cluster", flags->cluster, "use all endpoints from the cluster member list");
    auto hashkv = add_command<HashKvOptions>(
        endpoint, ctx, "hashkv", "Prints the KV history hash for each endpoint in --endpoints", "", run_hashkv);
    hashkv.options->endpoint = flags;
    add_value_flag(hashkv.cmd, "rev", hashkv.options->rev, flag_type::k_int64,
                   "maximum revision to hash (default: all revisions)");
    describe_command(endpoint, "",
                     {"ectl --endpoints=127.0.0.1:2379,127.0.0.1:22379 endpoint hashkv -w table",
                      "ectl endpoint hashkv --cluster --rev=1000"});
}

} // namespace ectl
