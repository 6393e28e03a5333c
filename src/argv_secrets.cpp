#include "argv_secrets.hpp"

#include <cstddef>
#include <cstring>
#include <string_view>

namespace ectl {
namespace {

enum class Hide { none, all, after_colon };

// How much of a flag's value is secret.
Hide secret_part(std::string_view flag) {
    if (flag == "--password" || flag == "--new-user-password") {
        return Hide::all;
    }
    return flag == "--user" ? Hide::after_colon : Hide::none;
}

void hide(char* value, Hide how) {
    if (how == Hide::after_colon) {
        value = std::strchr(value, ':');
        if (value == nullptr) {
            return;
        }
        ++value;
    }
    for (; *value != '\0'; ++value) {
        *value = '*';
    }
}

} // namespace

void hide_secrets_in_argv(int argc, char** argv) {
    // Every occurrence, also after "--": a child's copy of its arguments was made before this.
    for (int i = 1; i < argc; ++i) {
        char* arg = argv[i];
        char* eq = std::strchr(arg, '=');
        const std::string_view flag =
            eq == nullptr ? std::string_view(arg) : std::string_view(arg, static_cast<size_t>(eq - arg));
        const Hide how = secret_part(flag);
        if (how == Hide::none) {
            continue;
        }
        if (eq != nullptr) {
            hide(eq + 1, how);
        } else if (i + 1 < argc) {
            hide(argv[++i], how);
        }
    }
}

} // namespace ectl
