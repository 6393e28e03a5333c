#include "cli.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "parse.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

constexpr const char* k_description = "A simple command line client for etcd3.";

std::string env_name(const std::string& flag) {
    std::string name = "ETCDCTL_" + ascii_upper(flag);
    for (char& c : name) {
        c = c == '-' ? '_' : c;
    }
    return name;
}

// Global options that take a value; used to find the command word without building the tree.
const std::vector<std::string>& value_flags() {
    static const std::vector<std::string> k_flags = {
        "--endpoints",
        "--dial-timeout",
        "--command-timeout",
        "--keepalive-time",
        "--keepalive-timeout",
        "--cert",
        "--key",
        "--cacert",
        "--user",
        "--password",
        "-w",
        "--write-out",
        "-d",
        "--discovery-srv",
        "--discovery-srv-name",
    };
    return k_flags;
}

void add_string_global(CLI::App& app, const std::string& names, std::string& target, const std::string& help) {
    std::string long_name = names.substr(names.rfind("--") + 2);
    app.add_option(names, target, help)->envname(env_name(long_name))->default_str(fmt::format("\"{}\"", target));
}

void add_global_flags(CLI::App& app, GlobalOptions& g) {
    app.add_option("--endpoints", g.endpoints, "gRPC endpoints")
        ->envname("ETCDCTL_ENDPOINTS")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->default_str("[127.0.0.1:2379]");
    add_bool_flag(&app, "debug", g.debug, "enable client-side debug logging");
    add_string_global(app, "-w,--write-out", g.write_out,
                      "set the output format (fields, json, protobuf, simple, table)");
    add_bool_flag(&app, "hex", g.hex, "print byte strings as hex encoded strings");
    add_string_global(app, "--dial-timeout", g.dial_timeout, "dial timeout for client connections");
    add_string_global(app, "--command-timeout", g.command_timeout,
                      "timeout for short running command (excluding dial timeout)");
    add_string_global(app, "--keepalive-time", g.keepalive_time, "keepalive time for client connections");
    add_string_global(app, "--keepalive-timeout", g.keepalive_timeout, "keepalive timeout for client connections");
    add_bool_flag(&app, "insecure-transport", g.insecure_transport,
                  "disable transport security for client connections");
    add_bool_flag(&app, "insecure-discovery", g.insecure_discovery,
                  "accept insecure SRV records describing cluster endpoints");
    add_bool_flag(&app, "insecure-skip-tls-verify", g.insecure_skip_tls_verify,
                  "skip server certificate verification (CAUTION: this option should be enabled only for testing "
                  "purposes)");
    add_string_global(app, "--cert", g.cert, "identify secure client using this TLS certificate file");
    add_string_global(app, "--key", g.key, "identify secure client using this TLS key file");
    add_string_global(app, "--cacert", g.cacert,
                      "verify certificates of TLS-enabled secure servers using this CA bundle");
    add_string_global(app, "--user", g.user,
                      "username[:password] for authentication (prompt if password is not supplied)");
    add_string_global(app, "--password", g.password,
                      "password for authentication (if this option is used, --user option shouldn't include password)");
    add_string_global(app, "-d,--discovery-srv", g.discovery_srv,
                      "domain name to query for SRV records describing cluster endpoints");
    add_string_global(app, "--discovery-srv-name", g.discovery_srv_name,
                      "service name to query when using DNS discovery");
}

// Durations are checked before the command runs, as pflag does at parse time.
void validate_globals(const GlobalOptions& g) {
    parse_duration_flag("dial-timeout", g.dial_timeout);
    parse_duration_flag("command-timeout", g.command_timeout);
    parse_duration_flag("keepalive-time", g.keepalive_time);
    parse_duration_flag("keepalive-timeout", g.keepalive_timeout);
}

// CLI11 drops an empty "--name=" value and would take the next word instead; pflag sets "".
constexpr const char* k_empty_value = "\x1f<empty>";

void mark_empty_values(std::vector<std::string>& args) {
    for (auto& a : args) {
        if (a == "--") {
            return;
        }
        if (a.size() > 3 && a.rfind("--", 0) == 0 && a.back() == '=') {
            a += k_empty_value;
        }
    }
}

void accept_empty_values(CLI::App& app) {
    for (auto* opt : app.get_options()) {
        opt->transform([](std::string value) { return value == k_empty_value ? std::string() : value; });
    }
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        accept_empty_values(*sub);
    }
}

// Finds the command word (cobra also accepts a unique prefix) and returns its spec, rewriting
// a prefix to the full name; nullptr when there is none or it is unknown.
const CommandSpec* pick_command(std::vector<std::string>& args, const CommandList& commands) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            return nullptr;
        }
        if (!a.empty() && a[0] == '-') {
            const auto& vf = value_flags();
            if (std::find(vf.begin(), vf.end(), a) != vf.end()) {
                ++i;
            }
            continue;
        }
        const CommandSpec* prefix_match = nullptr;
        int prefix_matches = 0;
        for (const auto& spec : commands) {
            if (spec.name == a || std::find(spec.aliases.begin(), spec.aliases.end(), a) != spec.aliases.end()) {
                return &spec;
            }
            if (spec.name.rfind(a, 0) == 0) {
                prefix_match = &spec;
                ++prefix_matches;
            }
        }
        if (prefix_matches == 1) {
            args[i] = prefix_match->name;
            return prefix_match;
        }
        return nullptr;
    }
    return nullptr;
}

} // namespace

std::string parse_error_text(const CLI::ParseError& e, bool in_subcommand) {
    std::string msg = e.what();
    // CLI11: "Could not convert: --flag = value" (booleans) -> pflag's ParseBool wording.
    const std::string bad_value = "Could not convert: ";
    if (msg.rfind(bad_value, 0) == 0 && msg.find(" = ") != std::string::npos) {
        std::string flag = msg.substr(bad_value.size(), msg.find(" = ") - bad_value.size());
        std::string value = msg.substr(msg.find(" = ") + 3);
        return fmt::format("invalid argument \"{0}\" for \"{1}\" flag: strconv.ParseBool: parsing \"{0}\": invalid "
                           "syntax",
                           value, flag);
    }
    // CLI11: "--flag: 1 required TEXT missing" -> pflag's "flag needs an argument".
    if (msg.rfind("-", 0) == 0 && msg.find(" required ") != std::string::npos) {
        return fmt::format("flag needs an argument: {}", msg.substr(0, msg.find(':')));
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
        std::string first = msg.substr(msg.find(": ") + 2);
        first = first.substr(0, first.find(' '));
        if (first.rfind("--", 0) == 0) {
            return fmt::format("unknown flag: {}", first.substr(0, first.find('=')));
        }
        if (first.size() > 1 && first[0] == '-') {
            return fmt::format("unknown shorthand flag: '{}' in {}", first[1], first);
        }
        if (!in_subcommand) {
            return fmt::format("unknown command \"{}\" for \"ectl\"", first);
        }
        return fmt::format("unexpected argument \"{}\"", first);
    }
    return msg;
}

namespace {

// A command that runs another (lock, elect, watch) takes that command's options for its own unless
// they come after "--": an unknown flag there gets a hint saying so.
std::string exec_hint(const CLI::App& app, const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::ExtrasError*>(&e) == nullptr || app.get_subcommands().empty()) {
        return "";
    }
    const CLI::App* cmd = app.get_subcommands().front();
    const CLI::Option* args = cmd->get_option_no_throw("args");
    if (args == nullptr || args->get_description().find("exec-command") == std::string::npos) {
        return "";
    }
    return fmt::format(" (to give options to the command, put -- before it: ectl {} ... -- cmd -opt)", cmd->get_name());
}

// Appends the words after "--" to the positionals of the deepest command that was parsed.
void append_after_dash(CLI::App& app, Context& ctx, const std::vector<std::string>& words) {
    CLI::App* cmd = &app;
    while (!cmd->get_subcommands().empty()) {
        cmd = cmd->get_subcommands().front();
    }
    std::vector<std::string>* args = ctx.args_of(cmd);
    if (args == nullptr) {
        throw_bad_args(fmt::format("unexpected argument \"{}\"", words.empty() ? "--" : words.front()));
    }
    ctx.set_args_len_at_dash(static_cast<int>(args->size()));
    args->insert(args->end(), words.begin(), words.end());
}

} // namespace

void parse_words(CLI::App& app, std::vector<std::string> words) {
    accept_empty_values(app);
    mark_empty_values(words);
    std::reverse(words.begin(), words.end());
    try {
        app.parse(words);
    } catch (const CLI::ParseError& e) {
        throw_bad_args(parse_error_text(e, true));
    }
}

CLI::Option* add_bool_flag(CLI::App* cmd, const std::string& name, bool& target, const std::string& help) {
    auto* opt = cmd->add_flag("--" + name, target, help);
    opt->default_str(target ? "true" : "false");
    if (cmd->get_parent() == nullptr) {
        opt->envname(env_name(name));
    }
    return opt;
}

void add_args(CLI::App* cmd, Context& ctx, std::vector<std::string>& args, const std::string& names) {
    cmd->add_option("args", args, names)->type_name("")->expected(0, -1);
    ctx.register_args(cmd, &args);
}

void on_run(CLI::App* cmd, Context& ctx, std::function<void()> fn) {
    cmd->callback([&ctx, fn = std::move(fn)] { ctx.set_action(fn); });
}

void build_tree(CLI::App& app, Context& ctx, const CommandList& commands) {
    app.name("ectl");
    app.description(k_description);
    app.fallthrough();
    app.set_help_flag("-h,--help", "help for ectl");
    add_global_flags(app, ctx.globals());
    for (const auto& spec : commands) {
        spec.add(app, ctx);
    }
}

int run_cli(int argc, char** argv, Io& io, CommandList (*register_commands)()) {
    block_signals();
    std::vector<std::string> args(argv + 1, argv + argc);
    Context ctx(io);
    int code = 0;
    try {
        CommandList all = register_commands();
        const CommandSpec* only = pick_command(args, all);
        CLI::App app;
        build_tree(app, ctx, only != nullptr ? CommandList{*only} : all);
        accept_empty_values(app);
        mark_empty_values(args);
        // Words after "--" are positional whatever they look like (pflag); CLI11 would pass them
        // to the parent, so they are set aside and appended after parsing.
        std::vector<std::string> after_dash;
        auto dash = std::find(args.begin(), args.end(), "--");
        bool has_dash = only != nullptr && dash != args.end();
        if (has_dash) {
            after_dash.assign(dash + 1, args.end());
            args.erase(dash, args.end());
        }
        std::reverse(args.begin(), args.end());
        try {
            app.parse(args);
        } catch (const CLI::CallForHelp&) {
            io.out.write(app.help());
            io.out.flush();
            return 0;
        } catch (const CLI::ParseError& e) {
            bool in_sub = !app.get_subcommands().empty();
            if (e.get_exit_code() == 0) {
                return 0;
            }
            throw Error(ExitCode::bad_args, parse_error_text(e, in_sub) + exec_hint(app, e));
        }
        if (has_dash) {
            append_after_dash(app, ctx, after_dash);
        }
        for (const char* name : {"cert", "key", "cacert"}) {
            const auto* opt = app.get_option(std::string("--") + name);
            if (opt->count() > 0 && opt->as<std::string>().empty()) {
                ctx.note_empty_flag(name);
            }
        }
        auto action = ctx.take_action();
        if (!action) {
            io.out.write(app.help());
        } else {
            validate_globals(ctx.globals());
            action();
        }
        io.out.flush();
    } catch (const Error& e) {
        try {
            io.out.flush();
        } catch (const Error&) {
            // stdout is gone; the original error is the one worth reporting.
        }
        if (*e.what() != '\0') { // an interrupted stream exits with 128+signal and says nothing
            io.err.write(fmt::format("Error: {}\n", e.what()));
        }
        code = static_cast<int>(e.code());
    }
    io.err.flush();
    // Channel teardown joins gRPC's threads (~1 ms); main leaves with _Exit right after this.
    ctx.abandon_session();
    return code;
}

} // namespace ectl
