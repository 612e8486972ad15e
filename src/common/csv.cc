#include "common/csv.h"

#include <fmt/format.h>

namespace motcua {

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string cell;
  int line = 1;
  rec.line = 1;
  bool in_quotes = false, cell_started = false, any = false;
  auto end_cell = [&] {
    rec.cells.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_record = [&] {
    end_cell();
    bool blank = rec.cells.size() == 1 && rec.cells[0].empty() && !any;
    if (!blank) out.push_back(std::move(rec));
    rec = CsvRecord();
    any = false;
  };
  int quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      in_quotes = true;
      cell_started = any = true;
      quote_line = line;
    } else if (c == ',') {
      end_cell();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
      rec.line = line;
    } else {
      cell.push_back(c);
      cell_started = any = true;
    }
  }
  if (in_quotes)
    return Status::InvalidArgument(
        "invalid_csv", fmt::format("line {}", quote_line),
        fmt::format("Tệp CSV không hợp lệ: dấu ngoặc kép mở ở dòng {} không được đóng.",
                    quote_line),
        fmt::format("Invalid CSV: the quote opened on line {} is never closed.", quote_line));
  if (any || !cell.empty() || !rec.cells.empty()) end_record();
  return out;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    const std::string& c = cells[i];
    // A record of one empty cell is quoted: unquoted it would be a blank line, which readers
    // skip (found by fuzz/csv_import_fuzz.cc).
    const bool lone_empty = cells.size() == 1 && c.empty();
    // A cell that starts with a byte-order mark is quoted too: at the start of a file the reader
    // takes an unquoted one for the file's own BOM and drops it (found by the same target).
    const bool leading_bom = c.starts_with(kUtf8Bom);
    if (!lone_empty && !leading_bom && c.find_first_of(",\"\r\n") == std::string::npos) {
      out += c;
      continue;
    }
    out.push_back('"');
    for (char ch : c) {
      if (ch == '"') out.push_back('"');
      out.push_back(ch);
    }
    out.push_back('"');
  }
  out += "\r\n";
}

}  // namespace motcua
