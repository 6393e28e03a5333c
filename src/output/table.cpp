#include "output/formats.hpp"

namespace ectl {
namespace {

// etcdctl tabulates only member, endpoint and snapshot responses (their commands give a table
// view); everything else reports "table not supported as output format" through the defaults.
class TablePrinter : public Printer {
public:
    TablePrinter(const PrintOptions& options, Sink& out) : Printer("table", options, out) {}

protected:
    void render(const Rendering& r) override {
        if (!r.table) {
            unsupported();
        }
        out().write(r.table().render());
    }
    bool can_render(const Rendering& r) const override { return static_cast<bool>(r.table); }
    bool prints_builtin() const override { return false; }
};

} // namespace

std::unique_ptr<Printer> make_table_printer(const PrintOptions& options, Sink& out) {
    return std::make_unique<TablePrinter>(options, out);
}

} // namespace ectl
