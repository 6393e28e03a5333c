#include "command_tree.hpp"

#include <algorithm>
#include <cctype>

namespace ectl {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// Levenshtein distance (cobra's ld), on bytes.
size_t distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

} // namespace

const std::vector<EtcdctlCommand>& etcdctl_commands() {
    static const std::vector<EtcdctlCommand> k_root = {
        {"get", "[options] <key> [range_end]", {}},
        {"put", "[options] <key> <value> (<value> can also be given from stdin)", {}},
        {"del", "[options] <key> [range_end]", {}},
        {"txn", "[options]", {}},
        {"compaction", "[options] <revision>", {}},
        {"alarm", "<subcommand>", {{"disarm", "", {}}, {"list", "", {}}}},
        {"defrag", "", {}},
        {"endpoint", "<subcommand>", {{"health", "", {}}, {"status", "", {}}, {"hashkv", "", {}}}},
        {"move-leader", "<transferee-member-id>", {}},
        {"watch", "[options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]", {}},
        {"version", "", {}},
        {"lease",
         "<subcommand>",
         {{"grant", "<ttl>", {}},
          {"revoke", "<leaseID>", {}},
          {"timetolive", "<leaseID> [options]", {}},
          {"list", "", {}},
          {"keep-alive", "[options] <leaseID>", {}}}},
        {"member",
         "<subcommand>",
         {{"add", "<memberName> [options]", {}},
          {"remove", "<memberID>", {}},
          {"update", "<memberID> [options]", {}},
          {"list", "", {}},
          {"promote", "<memberID>", {}}}},
        {"snapshot",
         "<subcommand>",
         {{"save", "<filename>", {}}, {"restore", "<filename> [options]", {}}, {"status", "<filename>", {}}}},
        {"make-mirror", "[options] <destination>", {}},
        {"migrate", "", {}},
        {"lock", "<lockname> [exec-command arg1 arg2 ...]", {}},
        {"elect", "<election-name> [proposal]", {}},
        {"auth", "<enable or disable>", {{"enable", "", {}}, {"disable", "", {}}}},
        {"user",
         "<subcommand>",
         {{"add", "<user name or user:password> [options]", {}},
          {"delete", "<user name>", {}},
          {"get", "<user name> [options]", {}},
          {"list", "", {}},
          {"passwd", "<user name> [options]", {}},
          {"grant-role", "<user name> <role name>", {}},
          {"revoke-role", "<user name> <role name>", {}}}},
        {"role",
         "<subcommand>",
         {{"add", "<role name>", {}},
          {"delete", "<role name>", {}},
          {"get", "<role name>", {}},
          {"list", "", {}},
          {"grant-permission", "[options] <role name> <permission type> <key> [endkey]", {}},
          {"revoke-permission", "<role name> <key> [endkey]", {}}}},
        {"check", "<subcommand>", {{"perf", "[options]", {}}, {"datascale", "[options]", {}}}},
        {"help", "[command]", {}},
        {"completion", "", {{"bash", "", {}}, {"fish", "", {}}, {"powershell", "", {}}, {"zsh", "", {}}}},
    };
    return k_root;
}

const EtcdctlCommand* find_etcdctl_command(const std::vector<std::string>& path) {
    const std::vector<EtcdctlCommand>* level = &etcdctl_commands();
    const EtcdctlCommand* found = nullptr;
    for (const auto& name : path) {
        auto it = std::find_if(level->begin(), level->end(), [&](const EtcdctlCommand& c) { return c.name == name; });
        if (it == level->end()) {
            return nullptr;
        }
        found = &*it;
        level = &it->children;
    }
    return found;
}

WordMatch resolve_word(const std::string& word, const std::vector<std::string>& etcdctl,
                       const std::vector<std::string>& ours) {
    for (const auto* names : {&etcdctl, &ours}) {
        if (std::find(names->begin(), names->end(), word) != names->end()) {
            return {WordMatch::Kind::exact, word};
        }
    }
    std::vector<std::string> matches;
    for (const auto& name : etcdctl) {
        if (!word.empty() && starts_with(name, word)) {
            matches.push_back(name);
        }
    }
    if (matches.size() == 1) {
        return {WordMatch::Kind::prefix, matches.front()};
    }
    return {matches.empty() ? WordMatch::Kind::unknown : WordMatch::Kind::ambiguous, ""};
}

std::vector<std::string> suggestions_for(const std::string& word, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    const std::string typed = lower(word);
    for (const auto& name : names) {
        bool close = distance(typed, lower(name)) <= 2 || starts_with(lower(name), typed);
        if (close && std::find(out.begin(), out.end(), name) == out.end()) {
            out.push_back(name);
        }
    }
    return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
    auto close = suggestions_for(word, names);
    if (close.empty()) {
        return "";
    }
    std::string text = "\n\nDid you mean this?\n";
    for (const auto& name : close) {
        text += "\t" + name + "\n";
    }
    return text;
}

} // namespace ectl
