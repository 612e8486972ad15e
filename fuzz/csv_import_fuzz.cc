// CSV as an administrator imports it (POST /api/v1/procedures/import?format=csv): the RFC 4180
// reader, then the catalogue's column mapping. Rows read back must write out and read back the
// same.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/csv.h"
#include "domain/procedure_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto records = motcua::ParseCsv(text); records.ok()) {
    std::string out;
    for (const auto& r : *records) motcua::AppendCsvRecord(out, r.cells);
    auto again = motcua::ParseCsv(out);
    if (!again.ok() || again->size() != records->size()) __builtin_trap();
    for (size_t i = 0; i < records->size(); ++i)
      if ((*again)[i].cells != (*records)[i].cells) __builtin_trap();
  }
  int line = 0;
  auto procedures = motcua::domain::ProceduresFromCsv(text, &line);
  if (!procedures.ok()) return 0;
  std::vector<motcua::domain::Procedure> ps;
  for (auto& n : *procedures) ps.push_back(n.procedure);
  auto again = motcua::domain::ProceduresFromCsv(motcua::domain::ProceduresToCsv(ps));
  if (!again.ok() || again->size() != ps.size()) __builtin_trap();
  for (size_t i = 0; i < ps.size(); ++i)
    if (!((*again)[i].procedure == ps[i])) __builtin_trap();
  return 0;
}
