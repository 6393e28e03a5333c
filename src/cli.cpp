#include "cli.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command_words.hpp"
#include "docs/help.hpp"
#include "error.hpp"
#include "global_flags.hpp"
#include "parse.hpp"
#include "signals.hpp"

namespace ectl {
namespace {

constexpr const char* k_description = "A simple command line client for etcd3.";

void add_global_flag(CLI::App& app, const GlobalFlag& flag, GlobalOptions& g) {
    std::string names = "--" + std::string(flag.name);
    if (flag.shorthand != 0) {
        names = std::string{'-', flag.shorthand} + "," + names;
    }
    const std::string help(flag.help);
    if (const auto* boolean = std::get_if<bool GlobalOptions::*>(&flag.field)) {
        add_bool_flag(&app, std::string(flag.name), g.*(*boolean), help);
        return;
    }
    if (const auto* list = std::get_if<std::vector<std::string> GlobalOptions::*>(&flag.field)) {
        app.add_option(names, g.*(*list), help)
            ->envname(env_name(flag.name))
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
            ->default_str(fmt::format("[{}]", fmt::join(g.*(*list), ",")))
            ->type_name(flag_type::k_string_slice);
        return;
    }
    std::string& target = g.*std::get<std::string GlobalOptions::*>(flag.field);
    const char* type = flag.kind == GlobalFlag::Kind::duration ? flag_type::k_duration : flag_type::k_string;
    add_value_flag(&app, std::string(flag.name), target, type, help, flag.shorthand)->envname(env_name(flag.name));
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
        opt->transform([](const std::string& value) { return value == k_empty_value ? std::string() : value; });
    }
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        accept_empty_values(*sub);
    }
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
    if (msg.rfind('-', 0) == 0 && msg.find(" required ") != std::string::npos) {
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

// The deepest command the parser selected.
CLI::App& deepest(CLI::App& app) {
    CLI::App* cmd = &app;
    while (!cmd->get_subcommands().empty()) {
        cmd = cmd->get_subcommands().front();
    }
    return *cmd;
}

// Appends the words after "--" to the positionals of the deepest command that was parsed.
void append_after_dash(CLI::App& app, Context& ctx, const std::vector<std::string>& words) {
    CLI::App* cmd = &deepest(app);
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

namespace {

std::string flag_names(const std::string& name, char shorthand) {
    return shorthand == 0 ? "--" + name : fmt::format("-{},--{}", shorthand, name);
}

} // namespace

CLI::Option* add_bool_flag(CLI::App* cmd, const std::string& name, bool& target, const std::string& help,
                           char shorthand) {
    auto* opt = cmd->add_flag(flag_names(name, shorthand), target, help);
    opt->default_str(target ? "true" : "false")->type_name(flag_type::k_bool);
    if (cmd->get_parent() == nullptr) {
        opt->envname(env_name(name));
    }
    return opt;
}

CLI::Option* add_value_flag(CLI::App* cmd, const std::string& name, std::string& target, const char* type,
                            const std::string& help, char shorthand) {
    auto* opt = cmd->add_option(flag_names(name, shorthand), target, help)->default_str(target)->type_name(type);
    if (std::string_view(type) != flag_type::k_string_slice) {
        opt->multi_option_policy(CLI::MultiOptionPolicy::TakeLast); // pflag: a repeated flag's last value counts
    }
    return opt;
}

CLI::Option* add_optional_flag(CLI::App* cmd, const std::string& name, std::optional<std::string>& target,
                               const char* type, const std::string& help) {
    return cmd
        ->add_option_function<std::string>(
            "--" + name, [&target](const std::string& value) { target = value; }, help)
        ->type_name(type);
}

void describe_command(CLI::App* cmd, const std::string& description, const std::vector<std::string>& examples) {
    std::string text = description;
    if (!examples.empty()) {
        text += k_examples_heading;
        for (const auto& line : examples) {
            text += "$ " + line + "\n";
        }
    }
    cmd->footer(text);
}

void add_args(CLI::App* cmd, Context& ctx, std::vector<std::string>& args, const std::string& names) {
    cmd->add_option("args", args, names)->type_name("")->expected(0, -1);
    ctx.register_args(cmd, &args);
}

void on_run(CLI::App* cmd, Context& ctx, std::function<void()> fn) {
    cmd->callback([&ctx, fn = std::move(fn)] { ctx.set_action(fn); });
}

namespace {

void make_root(CLI::App& app) {
    app.name("ectl");
    app.description(k_description);
    app.fallthrough();
    app.set_help_flag("-h,--help", "help for ectl");
}

} // namespace

void build_tree(CLI::App& app, Context& ctx, const CommandList& commands) {
    make_root(app);
    for (const auto& flag : global_flags()) {
        add_global_flag(app, flag, ctx.globals());
    }
    for (const auto& spec : commands) {
        spec.add(app, ctx);
    }
}

namespace {

// etcdctl runs its v2 client for ETCDCTL_API=2 and refuses anything but 3 (or nothing).
void check_api_version() {
    const char* api = std::getenv("ETCDCTL_API");
    if (api != nullptr && *api != '\0' && std::string(api) != "3") {
        throw Error(ExitCode::error, fmt::format("unsupported API version {} (ectl speaks the v3 API only: unset "
                                                 "ETCDCTL_API or set it to 3)",
                                                 api));
    }
}

// Parses args into app; false when help was asked for (and printed). check, when given, sees the
// command whose help is printed first.
bool parse_command_line(CLI::App& app, Context& ctx, std::vector<std::string> args, bool dash_ends_flags,
                        const CommandCheck* check) {
    accept_empty_values(app);
    mark_empty_values(args);
    // Words after "--" are positional whatever they look like (pflag); CLI11 would pass them
    // to the parent, so they are set aside and appended after parsing.
    std::vector<std::string> after_dash;
    auto dash = std::find(args.begin(), args.end(), "--");
    bool has_dash = dash_ends_flags && dash != args.end();
    if (has_dash) {
        after_dash.assign(dash + 1, args.end());
        args.erase(dash, args.end());
    }
    std::reverse(args.begin(), args.end());
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp&) {
        if (check != nullptr) {
            (*check)(deepest(app), false);
        }
        ctx.io().out.write(help_text(deepest(app)));
        return false;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return false;
        }
        throw Error(ExitCode::bad_args, parse_error_text(e, !app.get_subcommands().empty()) + exec_hint(app, e));
    }
    if (has_dash) {
        append_after_dash(app, ctx, after_dash);
    }
    for (const char* name : {"cert", "key", "cacert"}) {
        const auto* opt = app.get_option_no_throw(std::string("--") + name);
        if (opt != nullptr && opt->count() > 0 && opt->as<std::string>().empty()) {
            ctx.process().note_empty_flag(name);
        }
    }
    return true;
}

// Global flags belong on the command line that runs the lines (they configure the one session
// and printer format of them all), so a line that has one is refused with that said.
void refuse_global_flags(const std::vector<std::string>& words) {
    for (const auto& word : words) {
        if (word == "--") {
            return;
        }
        for (const auto& flag : global_flags()) {
            const std::string name = word.substr(0, word.find('='));
            bool is_long = name == "--" + std::string(flag.name);
            bool is_short = flag.shorthand != 0 && word.size() > 1 && word[0] == '-' && word[1] == flag.shorthand;
            if (is_long || is_short) {
                throw_bad_args(fmt::format("global flag {} goes on batch's own command line, for every line "
                                           "(ectl --{} ... batch)",
                                           is_long ? name : word.substr(0, 2), flag.name));
            }
        }
    }
}

// Resolves the command args name, builds only its tree, parses and runs it. check == nullptr: a
// whole command line, with the global flags; otherwise a batch line, whose command check vets.
void run_selected(std::vector<std::string> args, Context& ctx, const CommandList& all, const CommandCheck* check) {
    size_t at = 0;
    const CommandSpec* only = resolve_top_command(args, all, at);
    CLI::App app;
    if (check == nullptr) {
        build_tree(app, ctx, only != nullptr ? CommandList{*only} : all);
    } else if (only == nullptr) {
        throw_bad_args("no command on the line");
    } else {
        make_root(app);
        only->add(app, ctx);
    }
    if (only != nullptr) {
        resolve_subcommands(args, at, app);
    }
    if (!parse_command_line(app, ctx, std::move(args), only != nullptr, check)) {
        return;
    }
    auto action = ctx.take_action();
    if (check != nullptr) {
        (*check)(deepest(app), static_cast<bool>(action));
    }
    if (!action) {
        ctx.io().out.write(help_text(deepest(app))); // a family without its subcommand, or no command
        return;
    }
    ctx.process().settings(); // bad global flag values fail before the command runs
    action();
}

void run_command_line(std::vector<std::string> args, Context& ctx, CommandList (*register_commands)()) {
    check_api_version();
    run_selected(std::move(args), ctx, register_commands(), nullptr);
}

int report(Io& io, const Error& e) {
    try {
        io.out.flush();
    } catch (const Error&) {
        // stdout is gone; the original error is the one worth reporting.
    }
    if (!e.is_silent()) {
        io.err.write(fmt::format("Error: {}\n", e.what()));
    }
    return e.status().value();
}

} // namespace

void run_words(std::vector<std::string> words, Context& ctx, const CommandList& commands, const CommandCheck& check) {
    refuse_global_flags(words);
    run_selected(std::move(words), ctx, commands, &check);
}

int run_cli(int argc, char** argv, Io& io, CommandList (*register_commands)()) {
    block_signals();
    Process process(io);
    Context ctx(process);
    int code = 0;
    try {
        run_command_line(std::vector<std::string>(argv + 1, argv + argc), ctx, register_commands);
        io.out.flush();
    } catch (const Error& e) {
        code = report(io, e);
    } catch (const std::exception& e) {
        // A failure nobody anticipated still ends as one line and exit 1, never as a crash.
        code = report(io, Error(ExitCode::error, e.what()));
    }
    try {
        io.err.flush();
    } catch (const Error&) {
        // stderr is gone too: nothing left to tell
    }
    // Channel teardown joins gRPC's threads (~1 ms); main leaves with _Exit right after this.
    process.abandon_session();
    return code;
}

} // namespace ectl
