#include "snapshot/partial_file.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <utility>
#include <vector>

#include <unistd.h>

#include "error.hpp"
#include "os_error.hpp"

namespace ectl {
namespace {

// Runs step, turning a failed system call into Error(status).
template <typename Step>
void as_error(ExitCode status, Step step) {
    try {
        step();
    } catch (const FileError& e) {
        throw Error(status, e.what());
    }
}

void rename_onto(const std::string& from, const std::string& to, ExitCode status) {
    if (std::rename(from.c_str(), to.c_str()) != 0) {
        throw Error(status, "could not rename " + from + " to " + to + " (" + errno_text(errno) + ")");
    }
}

} // namespace

PartialFile::PartialFile(std::string target, ExitCode failure) : m_target(std::move(target)), m_failure(failure) {
    try {
        m_file.emplace(File::temporary(m_target + ".part.XXXXXX"));
    } catch (const FileError& e) {
        throw Error(m_failure, "could not create a file beside " + m_target + " (" + e.what() + ")");
    }
}

PartialFile::~PartialFile() {
    if (!m_committed && m_file) {
        ::unlink(m_file->path().c_str());
    }
}

void PartialFile::write(std::string_view bytes) {
    as_error(m_failure, [&] { m_file->write_at(m_size, bytes); });
    m_size += bytes.size();
}

void PartialFile::rewind() {
    as_error(m_failure, [&] { m_file->truncate(0); });
    m_size = 0;
}

void PartialFile::commit() {
    as_error(m_failure, [&] {
        m_file->sync();
        m_file->close();
    });
    rename_onto(m_file->path(), m_target, m_failure);
    m_committed = true;
    as_error(m_failure, [&] { sync_directory(parent_directory(m_target)); });
}

PartialDir::PartialDir(std::string target) : m_target(std::move(target)) {
    std::string name = m_target + ".part.XXXXXX";
    std::vector<char> buffer(name.begin(), name.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw Error(ExitCode::error, "could not create a directory beside " + m_target + " (" +
                                         path_error("mkdir", buffer.data(), errno) + ")");
    }
    m_path = buffer.data();
}

PartialDir::~PartialDir() {
    if (!m_committed) {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
}

void PartialDir::commit() {
    // rename(2) would replace an empty directory that appeared meanwhile.
    if (std::filesystem::exists(m_target)) {
        throw Error(ExitCode::error, "could not rename " + m_path + " to " + m_target + " (file exists)");
    }
    rename_onto(m_path, m_target, ExitCode::error);
    m_committed = true;
    as_error(ExitCode::error, [&] { sync_directory(parent_directory(m_target)); });
}

} // namespace ectl
