#pragma once
// Output that appears under its final name only when complete: written beside the target under a
// temporary name, made durable, then renamed onto it. Until then an existing target is untouched,
// and a failure or an interruption (the destructor runs as the error unwinds) leaves nothing
// behind. Only SIGKILL or a crash can leave the temporary entry, never a partial target.

#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"
#include "file.hpp"

namespace ectl {

// A new file (mode 0600, as etcdctl's snapshots) at target + ".part.XXXXXX". Failures are
// Error(failure); the default is etcdctl's status for everything that goes wrong in snapshot save.
class PartialFile {
public:
    // Throws Error naming the file when it cannot be created.
    explicit PartialFile(std::string target, ExitCode failure = ExitCode::interrupted);
    ~PartialFile();
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;

    // Appends bytes; throws Error naming the file (disk full, ...).
    void write(std::string_view bytes);
    // Empties the file, to write it again from the start.
    void rewind();
    // fsync, close, rename onto the target, fsync the directory. Throws Error on failure.
    void commit();
    // The temporary name.
    const std::string& path() const { return m_file->path(); }

private:
    std::string m_target;
    ExitCode m_failure;
    std::optional<File> m_file;
    uint64_t m_size = 0;
    bool m_committed = false;
};

// A new directory beside target (target + ".part.XXXXXX"), renamed onto target by commit(), which
// must not exist by then; removed with everything in it unless committed (snapshot restore).
class PartialDir {
public:
    explicit PartialDir(std::string target);
    ~PartialDir();
    PartialDir(const PartialDir&) = delete;
    PartialDir& operator=(const PartialDir&) = delete;

    // The temporary directory, to fill.
    const std::string& path() const { return m_path; }
    // Where commit() puts it.
    const std::string& target() const { return m_target; }
    // Renames it onto the target (failing if the target appeared meanwhile) and fsyncs the parent.
    void commit();

private:
    std::string m_target;
    std::string m_path;
    bool m_committed = false;
};

} // namespace ectl
