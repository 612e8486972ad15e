// The catalogue as a spreadsheet (CSV, UTF-8 with BOM): one procedure per row, lossless. Scalar
// members get their own column; lists of objects (fees, components, workflow...) are JSON cells.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/procedure.h"

namespace motcua::domain {

// The header row, in order.
const std::vector<std::string>& ProcedureCsvColumns();

// BOM + header + one row per procedure, CRLF line ends.
std::string ProceduresToCsv(const std::vector<Procedure>& procedures);

struct NumberedProcedure {
  int line = 0;  // CSV line (1-based, the header is line 1) or JSON item number (1-based)
  Procedure procedure;
};

// Reads the rows back. The header must name the columns of ProcedureCsvColumns (any order; unknown
// columns fail). A bad cell fails with its column (or JSON path inside the cell) as the field and
// the message "Dòng N, cột X: ..."; `error_line` receives N. Does not call ValidateProcedure.
Result<std::vector<NumberedProcedure>> ProceduresFromCsv(std::string_view text,
                                                         int* error_line = nullptr);

}  // namespace motcua::domain
