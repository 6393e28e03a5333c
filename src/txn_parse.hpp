#pragma once
// etcdctl's txn input grammar, parsed without touching the network: compares until an empty line,
// then success requests until an empty line, then failure requests until an empty line. Where
// etcdctl 3.4.23 panics or silently corrupts input (quoting, "==", lease compares), this rejects
// the input with a clear Error(invalid_input) or does what the text says.

#include <functional>
#include <string>
#include <vector>

#include "etcdserverpb/rpc.pb.h"

namespace ectl {

// The three parts of txn input, in the order they are read.
enum class TxnSection { compares, success, failure };

// Supplies the next complete input line without its "\n"; false at end of input.
using NextLine = std::function<bool(std::string& line)>;

// The prompt etcdctl prints before a section in interactive mode (without the newline).
const char* txn_prompt(TxnSection section);

// Parses a compare line, e.g. `mod("k") > "5"` or `value("k") = "v"` (targets ver[sion], c[reate],
// m[od], val[ue], lease; operators = != < >; lease IDs in hex). Throws Error(invalid_input).
etcdserverpb::Compare parse_txn_compare(const std::string& line);

// Parses a request line (`put`, `get` or `del` with the commands' own flags). Throws
// Error(invalid_input).
etcdserverpb::RequestOp parse_txn_op(const std::string& line);

// Reads one section up to its empty line into req; end of input before it is an Error(invalid_input).
void read_txn_section(TxnSection section, const NextLine& next, etcdserverpb::TxnRequest& req);

// Reads all three sections (what `txn` does without prompts).
etcdserverpb::TxnRequest parse_txn(const NextLine& next);

// A NextLine over a string (tests, and input that is already in memory).
NextLine lines_of(const std::string& text);

} // namespace ectl
