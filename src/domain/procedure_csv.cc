#include "domain/procedure_csv.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>

#include "common/csv.h"

namespace motcua::domain {
namespace {

namespace json = boost::json;

enum class Kind { kString, kInt, kBool, kJson, kList };

struct Column {
  const char* name;
  Kind kind;
  const char* json_path;  // member of ToJson's object; "a.b" for nested objects
};

// kList cells join strings with " | " (agency codes and applicant kinds never contain '|').
const std::vector<Column>& Columns() {
  static const auto* cols = new std::vector<Column>{
      {"code", Kind::kString, "code"},
      {"name", Kind::kString, "name"},
      {"field_code", Kind::kString, "field_code"},
      {"field_name", Kind::kString, "field_name"},
      {"level", Kind::kString, "level"},
      {"competent_agency", Kind::kString, "competent_agency"},
      {"competent_agency_code", Kind::kString, "competent_agency_code"},
      {"implementing_agencies", Kind::kList, "implementing_agencies"},
      {"time_limit_unit", Kind::kString, "time_limit.unit"},
      {"time_limit_amount", Kind::kInt, "time_limit.amount"},
      {"channel_time_limits", Kind::kJson, "channel_time_limits"},
      {"fees", Kind::kJson, "fees"},
      {"components", Kind::kJson, "components"},
      {"result", Kind::kString, "result"},
      {"legal_bases", Kind::kJson, "legal_bases"},
      {"applicants", Kind::kList, "applicants"},
      {"online_level", Kind::kString, "online_level"},
      {"postal_submission", Kind::kBool, "postal_submission"},
      {"postal_return", Kind::kBool, "postal_return"},
      {"received_at_centre", Kind::kBool, "received_at_centre"},
      {"decided_at_centre", Kind::kBool, "decided_at_centre"},
      {"inter_agency", Kind::kBool, "inter_agency"},
      {"workflow", Kind::kJson, "workflow"},
      {"effective_from", Kind::kString, "effective_from"},
      {"verified", Kind::kBool, "verified"},
      {"note", Kind::kString, "note"},
  };
  return *cols;
}

const json::value* Get(const json::object& o, std::string_view path) {
  auto dot = path.find('.');
  auto it = o.find(path.substr(0, dot));
  if (it == o.end()) return nullptr;
  if (dot == std::string_view::npos) return &it->value();
  if (!it->value().is_object()) return nullptr;
  return Get(it->value().as_object(), path.substr(dot + 1));
}

void Put(json::object& o, std::string_view path, json::value v) {
  auto dot = path.find('.');
  if (dot == std::string_view::npos) {
    o[path] = std::move(v);
    return;
  }
  json::value& inner = o[path.substr(0, dot)];
  if (!inner.is_object()) inner = json::object();
  Put(inner.as_object(), path.substr(dot + 1), std::move(v));
}

std::string Cell(const json::value* v, Kind kind) {
  if (!v) return {};
  switch (kind) {
    case Kind::kString:
      return v->is_string() ? std::string(v->as_string()) : std::string();
    case Kind::kInt:
      return json::serialize(*v);
    case Kind::kBool:
      return v->is_bool() && v->as_bool() ? "true" : "false";
    case Kind::kJson:
      return json::serialize(*v);
    case Kind::kList: {
      std::string s;
      for (const auto& e : v->as_array()) {
        if (!s.empty()) s += " | ";
        s += std::string(e.as_string());
      }
      return s;
    }
  }
  return {};
}

std::string TrimSpaces(std::string_view s) {
  size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

Status CellError(int line, const std::string& field, const std::string& vi, const std::string& en) {
  return Status::Validation("import_row_invalid", field,
                            fmt::format("Dòng {}, cột {}: {}", line, field, vi),
                            fmt::format("Line {}, column {}: {}", line, field, en));
}

Result<json::value> ParseCell(int line, const Column& col, const std::string& raw) {
  switch (col.kind) {
    case Kind::kString:
      return json::value(raw);
    case Kind::kInt: {
      if (raw.empty()) return json::value(0);
      size_t used = 0;
      long long n = 0;
      try {
        n = std::stoll(raw, &used);
      } catch (...) {
        used = 0;
      }
      if (used != raw.size() || raw.empty())
        return CellError(line, col.name, fmt::format("\"{}\" không phải số nguyên.", raw),
                         fmt::format("\"{}\" is not an integer.", raw));
      return json::value(static_cast<int64_t>(n));
    }
    case Kind::kBool: {
      std::string v = TrimSpaces(raw);
      if (v == "true" || v == "1" || v == "TRUE") return json::value(true);
      if (v == "false" || v == "0" || v.empty() || v == "FALSE") return json::value(false);
      return CellError(line, col.name, fmt::format("\"{}\" phải là true hoặc false.", raw),
                       fmt::format("\"{}\" must be true or false.", raw));
    }
    case Kind::kJson: {
      if (TrimSpaces(raw).empty()) return json::value(json::array());
      boost::system::error_code ec;
      json::value v = json::parse(raw, ec);
      if (ec)
        return CellError(line, col.name, "Ô phải chứa JSON hợp lệ (một danh sách).",
                         "The cell must hold valid JSON (an array).");
      return v;
    }
    case Kind::kList: {
      json::array a;
      std::string_view s = raw;
      while (!s.empty()) {
        size_t bar = s.find('|');
        std::string item = TrimSpaces(s.substr(0, bar));
        if (!item.empty()) a.emplace_back(item);
        if (bar == std::string_view::npos) break;
        s.remove_prefix(bar + 1);
      }
      return json::value(std::move(a));
    }
  }
  return json::value();
}

}  // namespace

const std::vector<std::string>& ProcedureCsvColumns() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>();
    for (const auto& c : Columns()) v->push_back(c.name);
    return v;
  }();
  return *names;
}

std::string ProceduresToCsv(const std::vector<Procedure>& procedures) {
  std::string out(kUtf8Bom);
  AppendCsvRecord(out, ProcedureCsvColumns());
  std::vector<std::string> cells;
  for (const auto& p : procedures) {
    json::object o = ToJson(p);
    cells.clear();
    for (const auto& c : Columns()) cells.push_back(Cell(Get(o, c.json_path), c.kind));
    AppendCsvRecord(out, cells);
  }
  return out;
}

Result<std::vector<NumberedProcedure>> ProceduresFromCsv(std::string_view text, int* error_line) {
  auto fail = [&](int line, Status s) -> Status {
    if (error_line) *error_line = line;
    return s;
  };
  auto records = ParseCsv(text);
  if (!records.ok()) {
    const std::string& f = records.status().field();
    return fail(f.rfind("line ", 0) == 0 ? std::stoi(f.substr(5)) : 0, records.status());
  }
  if (records->empty())
    return fail(
        1, Status::Validation("import_row_invalid", "header", "Tệp CSV trống: thiếu dòng tiêu đề.",
                              "The CSV file is empty: the header row is missing."));
  const CsvRecord& header = records->front();
  std::map<std::string, size_t> position;
  const auto& cols = Columns();
  for (size_t i = 0; i < header.cells.size(); ++i) {
    std::string name = TrimSpaces(header.cells[i]);
    bool known = false;
    for (const auto& c : cols) known = known || name == c.name;
    if (!known)
      return fail(header.line, CellError(header.line, name, "cột không thuộc danh mục thủ tục.",
                                         "unknown column."));
    position[name] = i;
  }
  for (const char* required : {"code", "name"})
    if (!position.count(required))
      return fail(header.line, CellError(header.line, required, "thiếu cột bắt buộc.",
                                         "a required column is missing."));
  std::vector<NumberedProcedure> out;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    if (rec.cells.size() != header.cells.size())
      return fail(rec.line,
                  Status::Validation("import_row_invalid", "row",
                                     fmt::format("Dòng {}: có {} cột, tiêu đề có {} cột.", rec.line,
                                                 rec.cells.size(), header.cells.size()),
                                     fmt::format("Line {}: {} cells but the header has {}.",
                                                 rec.line, rec.cells.size(), header.cells.size())));
    json::object o;
    for (const auto& c : cols) {
      auto it = position.find(c.name);
      if (it == position.end()) continue;
      auto v = ParseCell(rec.line, c, rec.cells[it->second]);
      if (!v.ok()) return fail(rec.line, v.status());
      Put(o, c.json_path, std::move(v).value());
    }
    auto p = ProcedureFromJson(o);
    if (!p.ok()) {
      // Map the JSON path back to the CSV column ("time_limit.amount" -> time_limit_amount).
      std::string field = p.status().field();
      for (const auto& c : cols)
        if (field == c.json_path) field = c.name;
      return fail(rec.line,
                  CellError(rec.line, field, p.status().Message("vi"), p.status().Message("en")));
    }
    out.push_back({rec.line, std::move(p).value()});
  }
  return out;
}

}  // namespace motcua::domain
