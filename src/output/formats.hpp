#pragma once
// Factories of the concrete printers (one file per format).

#include <memory>

#include "output/printer.hpp"

namespace ectl {

// -w simple: etcdctl's default, human-oriented lines.
std::unique_ptr<Printer> make_simple_printer(const PrintOptions& options, Sink& out);
// -w json: Go encoding/json of the response.
std::unique_ptr<Printer> make_json_printer(const PrintOptions& options, Sink& out);
// -w fields: "Name" : value lines.
std::unique_ptr<Printer> make_fields_printer(const PrintOptions& options, Sink& out);
// -w protobuf: the serialized response message.
std::unique_ptr<Printer> make_protobuf_printer(const PrintOptions& options, Sink& out);
// -w jsonl: ectl's decoded JSON Lines, one record per key, event or lease (output/json_record.hpp).
std::unique_ptr<Printer> make_jsonl_printer(const PrintOptions& options, Sink& out);
// -w table: ASCII tables (only for the responses etcdctl tabulates).
std::unique_ptr<Printer> make_table_printer(const PrintOptions& options, Sink& out);

} // namespace ectl
