#pragma once
// etcdctl's -w fields lines: `"Name" : value`, one per field, byte strings Go-quoted (%q).

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "etcdserverpb/rpc.pb.h"
#include "output/sink.hpp"

namespace ectl {

class FieldLines {
public:
    explicit FieldLines(Sink& out) : m_out(out) {}

    // `"name" : value` with value as Go's %v prints it (numbers, true/false).
    template <typename T>
    void line(std::string_view name, const T& value) {
        m_out.write(fmt::format("\"{}\" : {}\n", name, value));
    }
    // `"name" : "bytes"` with bytes quoted as Go's %q does.
    void quoted(std::string_view name, std::string_view bytes);
    // `"name" : "a" "b"`: each item quoted as Go's %q does, after a space (`"name" :` alone when none).
    void quoted_list(std::string_view name, const std::vector<std::string>& items);
    // The four header fields every response starts with.
    void header(const etcdserverpb::ResponseHeader& h);
    // An empty line (between the items of a list).
    void line_break() { m_out.write("\n"); }
    // A key-value's fields, each name prefixed ("Prev" for a previous key-value).
    void kv(std::string_view prefix, const mvccpb::KeyValue& item);

private:
    Sink& m_out;
};

} // namespace ectl
