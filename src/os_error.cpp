#include "os_error.hpp"

#include <cctype>
#include <cstring>

namespace ectl {

std::string errno_text(int err) {
    std::string text = std::strerror(err);
    if (!text.empty()) {
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    }
    return text;
}

std::string path_error(const std::string& op, const std::string& path, int err) {
    return op + " " + path + ": " + errno_text(err);
}

} // namespace ectl
