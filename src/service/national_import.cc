#include "service/national_import.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "common/csv.h"
#include "common/xz_lines.h"
#include "service/audit.h"
#include "storage/catalogue_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;
using domain::ParseProblem;
using domain::Procedure;

Status Malformed(const std::string& file, size_t line, std::string_view why) {
  return Status::Validation("malformed_line", file,
                            fmt::format("Tệp {} dòng {} không đọc được: {}", file, line, why),
                            fmt::format("{} line {} cannot be read: {}", file, line, why));
}

// Detail records by code; a line that is not a JSON object with a code is malformed.
Status ReadDetails(const std::string& dir, const std::string& file,
                   std::map<std::string, json::object>& out) {
  MOTCUA_ASSIGN_OR_RETURN(auto lines, ReadXzLines(dir + "/" + file));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    boost::system::error_code ec;
    json::value v = json::parse(lines[i], ec);
    if (ec || !v.is_object()) return Malformed(file, i + 1, "không phải một đối tượng JSON");
    auto it = v.as_object().find("code");
    if (it == v.as_object().end() || !it->value().is_string())
      return Malformed(file, i + 1, "thiếu mã thủ tục");
    out[std::string(it->value().as_string())] = std::move(v.as_object());
  }
  return Status::Ok();
}

storage::ProcedureRow RowOf(const Procedure& p, int64_t now) {
  storage::ProcedureRow row;
  row.code = p.code;
  row.name = p.name;
  row.field_code = p.field_code;
  row.level = std::string(domain::ProcedureLevelName(p.level));
  row.online_level = std::string(domain::OnlineLevelName(p.online_level));
  row.updated_at = now;
  row.document = json::serialize(domain::ToJson(p));
  row.effective_from = p.effective_from;
  return row;
}

// The same publication whatever day it is said to apply from.
bool SameContent(Procedure a, Procedure b) {
  a.effective_from.clear();
  b.effective_from.clear();
  return a == b;
}

void Problem(NationalImportResult& r, const std::string& code, std::string field, std::string raw,
             std::string problem) {
  r.problems.push_back({code, std::move(field), std::move(raw), std::move(problem), true});
}

}  // namespace

int NationalImportResult::Errors() const {
  int n = 0;
  for (const auto& p : problems) n += p.error;
  return n;
}

Result<NationalImportResult> ImportNationalCatalogue(storage::Database& db, const Clock& clock,
                                                     CatalogueService& catalogue,
                                                     const NationalImportOptions& options,
                                                     const Principal* actor) {
  if (actor && actor->role != domain::Role::kAdmin) return Status::PermissionDenied();
  MOTCUA_RETURN_IF_ERROR(domain::ValidateIsoDate(options.effective_from, "effective_from"));
  NationalImportResult result;
  std::map<std::string, json::object> text, structured;
  MOTCUA_RETURN_IF_ERROR(ReadDetails(options.dir, "details_text.jsonl.xz", text));
  MOTCUA_RETURN_IF_ERROR(ReadDetails(options.dir, "details_structured.jsonl.xz", structured));
  MOTCUA_ASSIGN_OR_RETURN(auto lines, ReadXzLines(options.dir + "/catalogue.jsonl.xz"));

  std::vector<Procedure> procedures;
  std::set<std::string> seen;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    ++result.lines;
    auto row = domain::ParseNationalCatalogueRow(lines[i]);
    if (!row.ok()) {
      if (row.status().reason() == "malformed_line")
        return Malformed("catalogue.jsonl.xz", i + 1, "không phải một đối tượng JSON");
      // A row that cannot be keyed is reported, never repaired into another code.
      ++result.rejected;
      Problem(result, fmt::format("dòng {}", i + 1), row.status().field(), lines[i].substr(0, 300),
              "row_rejected");
      continue;
    }
    if (!seen.insert(row->code).second) {
      ++result.rejected;
      Problem(result, row->code, "code", lines[i].substr(0, 300), "duplicate_code");
      continue;
    }
    if (row->province_specific &&
        !domain::PromulgatedByProvince(row->promulgated_by, options.province)) {
      ++result.other_province;
      continue;
    }
    auto t = text.find(row->code);
    auto s = structured.find(row->code);
    Procedure p = domain::NationalProcedure(*row, t == text.end() ? nullptr : &t->second,
                                            s == structured.end() ? nullptr : &s->second,
                                            options.effective_from, result.problems);
    if (Status v = domain::ValidateProcedure(p); !v.ok()) {
      ++result.rejected;
      Problem(result, p.code, v.field(), v.Message("en"), "invalid_procedure");
      continue;
    }
    procedures.push_back(std::move(p));
  }
  if (options.strict && result.Errors() > 0)
    return Status::Validation(
        "import_has_errors", "report",
        fmt::format("Có {} lỗi trong báo cáo đọc dữ liệu; không nhập gì (chế độ nghiêm ngặt).",
                    result.Errors()),
        fmt::format("{} errors in the parse report; nothing imported (strict mode).",
                    result.Errors()));

  std::string by = actor ? actor->username : "system";
  MOTCUA_RETURN_IF_ERROR(db.Write([&](storage::Connection& c) -> Status {
    result.created = result.updated = result.unchanged = result.kept_local = 0;
    MOTCUA_ASSIGN_OR_RETURN(auto rows, storage::ListProcedures(c));
    std::map<std::string, const storage::ProcedureRow*> current;
    for (const auto& r : rows) current[r.code] = &r;
    const int64_t now = clock.NowSeconds();
    for (const auto& p : procedures) {
      auto it = current.find(p.code);
      if (it == current.end()) {
        MOTCUA_RETURN_IF_ERROR(storage::InsertProcedure(c, RowOf(p, now), by));
        ++result.created;
        continue;
      }
      boost::system::error_code ec;
      json::value doc = json::parse(it->second->document, ec);
      if (ec) return Status::Internal("stored procedure document is not JSON: " + p.code);
      MOTCUA_ASSIGN_OR_RETURN(auto existing, domain::ProcedureFromJson(doc));
      if (existing.source != "national") {
        ++result.kept_local;
        continue;
      }
      if (SameContent(existing, p)) {
        ++result.unchanged;
        continue;
      }
      if (p.effective_from <= it->second->effective_from)
        return Status::Validation(
            "effective_from_too_early", "effective_from",
            fmt::format("Thủ tục {} đã thay đổi nhưng ngày áp dụng {} không sau ngày áp dụng của "
                        "phiên bản hiện hành ({}).",
                        p.code, p.effective_from, it->second->effective_from),
            fmt::format("Procedure {} changed but {} is not after the current version's "
                        "effective date ({}).",
                        p.code, p.effective_from, it->second->effective_from));
      MOTCUA_RETURN_IF_ERROR(
          storage::AddProcedureVersion(c, RowOf(p, now), by, DayBefore(p.effective_from)).status());
      ++result.updated;
    }
    return Audit(c, clock, actor, "procedure.import_national", "catalogue", options.dir,
                 {{"created", result.created},
                  {"updated", result.updated},
                  {"unchanged", result.unchanged},
                  {"kept_local", result.kept_local},
                  {"other_province", result.other_province},
                  {"rejected", result.rejected},
                  {"effective_from", options.effective_from}});
  }));
  MOTCUA_RETURN_IF_ERROR(catalogue.Reload());
  return result;
}

std::string ParseReportCsv(const std::vector<ParseProblem>& problems) {
  std::string out(kUtf8Bom);
  AppendCsvRecord(out, {"code", "field", "severity", "problem", "raw"});
  for (const auto& p : problems)
    AppendCsvRecord(out, {p.code, p.field, p.error ? "error" : "warning", p.problem, p.raw});
  return out;
}

}  // namespace motcua::service
