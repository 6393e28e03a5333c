#include "output/formats.hpp"

namespace ectl {
namespace {

// etcdctl tabulates only member, endpoint and snapshot responses; everything else reports
// "table not supported as output format" through the Printer defaults.
class TablePrinter : public Printer {
public:
    TablePrinter(const PrintOptions& options, Sink& out) : Printer("table", options, out) {}
};

} // namespace

std::unique_ptr<Printer> make_table_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<TablePrinter>(options, out);
}

} // namespace ectl
