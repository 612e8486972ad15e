// CSV (RFC 4180) reading and writing, UTF-8. Excel needs a byte-order mark to read UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct CsvRecord {
  int line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> cells;
};

// Parses `text` (an optional BOM is skipped; CRLF or LF line ends; quoted cells may hold commas,
// doubled quotes and line breaks). Blank lines are skipped. Fails with invalid_csv naming the
// line of an unterminated quote.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

// Appends one record, quoting cells that need it, ending with CRLF.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& cells);

}  // namespace motcua
