#include "snapshot/partial_file.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "error.hpp"
#include "os_error.hpp"

namespace ectl {
namespace {

// The status of every failure here: etcdctl exits with ExitInterrupted for all that goes wrong
// while saving a snapshot.
constexpr ExitCode k_failure = ExitCode::interrupted;

std::vector<char> name_template(const std::string& target) {
    std::string name = target + ".part.XXXXXX";
    return {name.begin(), name.end() + 1};
}

} // namespace

std::string parent_directory(const std::string& path) {
    auto parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? "." : parent.string();
}

void sync_directory(const std::string& dir, ExitCode failure) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(failure, path_error("open", dir, errno));
    }
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) {
        throw Error(failure, path_error("sync", dir, err));
    }
}

PartialFile::PartialFile(std::string target) : m_target(std::move(target)) {
    auto name = name_template(m_target);
    m_fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (m_fd < 0) {
        throw Error(k_failure,
                    "could not create a file beside " + m_target + " (" + path_error("open", name.data(), errno) + ")");
    }
    m_path = name.data();
}

PartialFile::~PartialFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_committed) {
        ::unlink(m_path.c_str());
    }
}

void PartialFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw Error(k_failure, path_error("write", m_path, errno));
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
}

void PartialFile::rewind() {
    if (::ftruncate(m_fd, 0) != 0 || ::lseek(m_fd, 0, SEEK_SET) != 0) {
        throw Error(k_failure, path_error("truncate", m_path, errno));
    }
}

void PartialFile::commit() {
    if (::fsync(m_fd) != 0) {
        throw Error(k_failure, path_error("sync", m_path, errno));
    }
    int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0) {
        throw Error(k_failure, path_error("close", m_path, errno));
    }
    if (std::rename(m_path.c_str(), m_target.c_str()) != 0) {
        throw Error(k_failure, "could not rename " + m_path + " to " + m_target + " (" + errno_text(errno) + ")");
    }
    m_committed = true;
    sync_directory(parent_directory(m_target), k_failure);
}

PartialDir::PartialDir(std::string target) : m_target(std::move(target)) {
    auto name = name_template(m_target);
    if (::mkdtemp(name.data()) == nullptr) {
        throw Error(ExitCode::error, "could not create a directory beside " + m_target + " (" +
                                         path_error("mkdir", name.data(), errno) + ")");
    }
    m_path = name.data();
}

PartialDir::~PartialDir() {
    if (!m_committed) {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
}

void PartialDir::commit() {
    // RENAME_NOREPLACE semantics: rename(2) would replace an empty directory that appeared meanwhile.
    if (std::filesystem::exists(m_target)) {
        throw Error(ExitCode::error, "could not rename " + m_path + " to " + m_target + " (file exists)");
    }
    if (std::rename(m_path.c_str(), m_target.c_str()) != 0) {
        throw Error(ExitCode::error, "could not rename " + m_path + " to " + m_target + " (" + errno_text(errno) + ")");
    }
    m_committed = true;
    sync_directory(parent_directory(m_target), ExitCode::error);
}

} // namespace ectl
