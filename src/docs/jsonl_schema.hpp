#pragma once
// The records of -w jsonl, command by command: the one table behind the man page's JSON LINES
// section and the README's (a unit test keeps the README in step with it).

#include <string>
#include <vector>

namespace ectl {

struct JsonlSchemaRow {
    std::string commands; // "get", "watch, get --watch"
    std::string per;      // what one line stands for: "key", "event"
    std::string members;
};

// Every command's records, in the README's order.
const std::vector<JsonlSchemaRow>& jsonl_schema_table();

} // namespace ectl
