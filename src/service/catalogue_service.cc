#include "service/catalogue_service.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "domain/agency.h"
#include "domain/procedure_csv.h"
#include "service/audit.h"
#include "storage/agency_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;
using domain::CatalogueEntry;
using domain::Procedure;

bool IsAdmin(const Principal& p) { return p.role == domain::Role::kAdmin; }

Result<Procedure> ParseDocument(const std::string& document) {
  boost::system::error_code ec;
  json::value v = json::parse(document, ec);
  if (ec) return Status::Internal("stored procedure document is not JSON");
  return domain::ProcedureFromJson(v);
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

// Days since 1970-01-01 from a civil date and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

bool IsAgencyRole(const std::string& a) {
  return a == "reception" || a == "competent" || a == "department" || a == "commune";
}

Status WithLine(const Status& s, int line, std::string_view unit_vi, std::string_view unit_en) {
  if (s.reason() == "import_row_invalid") return s;  // already names its line
  return Status::Validation(
      "import_row_invalid", s.field(),
      fmt::format("{} {}{}: {}", unit_vi, line, s.field().empty() ? "" : ", trường " + s.field(),
                  s.Message("vi")),
      fmt::format("{} {}{}: {}", unit_en, line, s.field().empty() ? "" : ", field " + s.field(),
                  s.Message("en")));
}

}  // namespace

std::string DayBefore(const std::string& day) {
  int y = std::stoi(day.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(day.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(day.substr(8, 2)));
  return CivilFromDays(DaysFromCivil(y, m, d) - 1);
}

Status CatalogueService::Reload() {
  std::lock_guard reloading(reload_mu_);
  std::vector<CatalogueEntry> entries;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rows, storage::ListProcedures(c));
    entries.reserve(rows.size());
    for (const auto& r : rows) {
      auto p = ParseDocument(r.document);
      if (!p.ok()) return Status::Internal("bad stored procedure " + r.code);
      entries.push_back({std::move(p).value(), r.current_version, r.retired_at.has_value()});
    }
    return Status::Ok();
  }));
  auto index = std::make_shared<const domain::ProcedureIndex>(std::move(entries));
  std::lock_guard lock(mu_);
  index_ = std::move(index);
  return Status::Ok();
}

std::shared_ptr<const domain::ProcedureIndex> CatalogueService::Index() const {
  std::lock_guard lock(mu_);
  return index_;
}

Result<int> CatalogueService::LoadShippedIfEmpty(const std::string& path) {
  int64_t count = 0;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(count, storage::CountProcedures(c));
    return Status::Ok();
  }));
  if (count > 0) {
    MOTCUA_RETURN_IF_ERROR(Reload());
    return 0;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("cannot read the shipped catalogue " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec || !v.is_object() || !v.as_object().contains("procedures") ||
      !v.at("procedures").is_array())
    return Status::Internal("the shipped catalogue is not {\"procedures\":[...]}: " + path);
  std::vector<Procedure> procedures;
  for (const auto& item : v.at("procedures").as_array()) {
    auto p = domain::ProcedureFromJson(item);
    if (!p.ok()) return Status::Internal(path + ": " + p.status().ToString());
    if (Status s = domain::ValidateProcedure(*p); !s.ok())
      return Status::Internal(fmt::format("{}: {}: {}", path, p->code, s.ToString()));
    procedures.push_back(std::move(p).value());
  }
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    int64_t now = clock_.NowSeconds();
    for (const auto& p : procedures)
      MOTCUA_RETURN_IF_ERROR(storage::InsertProcedure(c, RowOf(p, now), "system"));
    return Audit(c, clock_, nullptr, "procedure.load_shipped", "catalogue", path,
                 {{"count", procedures.size()}});
  }));
  MOTCUA_RETURN_IF_ERROR(Reload());
  return static_cast<int>(procedures.size());
}

CatalogueSearchResult CatalogueService::Search(const domain::ProcedureQuery& query) const {
  auto index = Index();
  auto page = index->Search(query);
  return {std::move(index), std::move(page)};
}

domain::CatalogueStats CatalogueService::Stats() const {
  return domain::ComputeCatalogueStats(Index()->entries());
}

std::vector<domain::FieldSummary> CatalogueService::Fields() const {
  return domain::ListFields(Index()->entries());
}

Result<ProcedureDetail> CatalogueService::Get(const std::string& code) const {
  auto index = Index();
  const CatalogueEntry* e = index->Find(code);
  if (!e) return Status::NotFound("unknown_procedure", "code");
  ProcedureDetail out{*e, {}};
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out.versions, storage::ListProcedureVersions(c, code));
    return Status::Ok();
  }));
  return out;
}

Result<ProcedureVersion> CatalogueService::VersionOn(const std::string& code,
                                                     const std::string& day) const {
  MOTCUA_RETURN_IF_ERROR(domain::ValidateIsoDate(day, "day"));
  std::optional<storage::ProcedureVersionRow> row;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(row, storage::FindProcedureVersionOn(c, code, day));
    return Status::Ok();
  }));
  if (!row) return Status::NotFound("unknown_procedure", "code");
  MOTCUA_ASSIGN_OR_RETURN(auto p, ParseDocument(row->document));
  return ProcedureVersion{row->version, row->effective_from, row->effective_to, std::move(p)};
}

Status CatalogueService::CheckAgencies(storage::Connection& c, const Procedure& p) const {
  std::vector<std::pair<std::string, std::string>> refs;  // code, field
  if (!p.competent_agency_code.empty())
    refs.emplace_back(p.competent_agency_code, "competent_agency_code");
  for (size_t i = 0; i < p.implementing_agencies.size(); ++i)
    refs.emplace_back(p.implementing_agencies[i], fmt::format("implementing_agencies[{}]", i));
  for (size_t i = 0; i < p.workflow.size(); ++i)
    if (!IsAgencyRole(p.workflow[i].agency))
      refs.emplace_back(p.workflow[i].agency, fmt::format("workflow[{}].agency", i));
  for (const auto& [code, field] : refs) {
    MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, code));
    if (!a)
      return Status::Validation("unknown_agency", field,
                                fmt::format("Không tìm thấy cơ quan có mã {}.", code),
                                fmt::format("No agency has the code {}.", code));
  }
  return Status::Ok();
}

Status CatalogueService::CheckScope(storage::Connection& c, const Principal* actor,
                                    const Procedure& p) const {
  if (!actor || actor->AtRootAgency()) return Status::Ok();
  // Central procedures are set by ministries and shared by every agency of the province; a
  // procedure naming no agency is implemented by every agency of its kind. Neither belongs to
  // one subtree.
  if (p.level == domain::ProcedureLevel::kCentral)
    return Status::PermissionDenied("procedure_scope");
  std::vector<std::string> named;
  if (!p.competent_agency_code.empty()) named.push_back(p.competent_agency_code);
  named.insert(named.end(), p.implementing_agencies.begin(), p.implementing_agencies.end());
  if (named.empty()) return Status::PermissionDenied("procedure_scope");
  for (const auto& code : named) {
    MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, code));
    if (!a || !actor->CoversAgencyPath(a->path)) return Status::PermissionDenied("procedure_scope");
  }
  return Status::Ok();
}

Status CatalogueService::Put(storage::Connection& c, const Principal* actor, const Procedure& p,
                             bool must_be_new, bool must_exist, ImportReport* report) {
  MOTCUA_RETURN_IF_ERROR(CheckAgencies(c, p));
  std::string by = actor ? actor->username : "system";
  int64_t now = clock_.NowSeconds();
  MOTCUA_ASSIGN_OR_RETURN(auto current, storage::FindProcedure(c, p.code));
  if (!current) {
    if (must_exist) return Status::NotFound("unknown_procedure", "code");
    MOTCUA_RETURN_IF_ERROR(CheckScope(c, actor, p));
    MOTCUA_RETURN_IF_ERROR(storage::InsertProcedure(c, RowOf(p, now), by));
    if (report) ++report->created;
    return Audit(c, clock_, actor, "procedure.create", "procedure", p.code,
                 {{"version", 1}, {"effective_from", p.effective_from}});
  }
  if (must_be_new) return Status::Conflict("already_exists", "code");
  MOTCUA_ASSIGN_OR_RETURN(auto existing, ParseDocument(current->document));
  if (existing == p) {
    if (report) ++report->unchanged;
    return Status::Ok();
  }
  // Both sides: a procedure may neither leave nor enter the admin's reach by being edited.
  MOTCUA_RETURN_IF_ERROR(CheckScope(c, actor, existing));
  MOTCUA_RETURN_IF_ERROR(CheckScope(c, actor, p));
  if (p.effective_from < current->effective_from)
    return Status::Validation(
        "effective_from_too_early", "effective_from",
        fmt::format("Ngày áp dụng của phiên bản mới ({}) không được trước ngày áp dụng của phiên "
                    "bản hiện hành ({}).",
                    p.effective_from, current->effective_from),
        fmt::format("The new version's effective date ({}) is before the current one's ({}).",
                    p.effective_from, current->effective_from));
  MOTCUA_ASSIGN_OR_RETURN(
      int version, storage::AddProcedureVersion(c, RowOf(p, now), by, DayBefore(p.effective_from)));
  if (report) ++report->updated;
  return Audit(c, clock_, actor, "procedure.version", "procedure", p.code,
               {{"version", version}, {"effective_from", p.effective_from}});
}

Result<CatalogueEntry> CatalogueService::Create(const Principal& actor, const Procedure& p) {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  MOTCUA_RETURN_IF_ERROR(domain::ValidateProcedure(p));
  MOTCUA_RETURN_IF_ERROR(db_.Write(
      [&](storage::Connection& c) -> Status { return Put(c, &actor, p, true, false, nullptr); }));
  MOTCUA_RETURN_IF_ERROR(Reload());
  auto index = Index();
  return *index->Find(p.code);
}

Result<CatalogueEntry> CatalogueService::Update(const Principal& actor, const std::string& code,
                                                const Procedure& p) {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  if (p.code != code)
    return Status::Validation("invalid_field", "code",
                              "Không được đổi mã thủ tục; hãy tạo thủ tục mới.",
                              "The code cannot change; create a new procedure instead.");
  MOTCUA_RETURN_IF_ERROR(domain::ValidateProcedure(p));
  MOTCUA_RETURN_IF_ERROR(db_.Write(
      [&](storage::Connection& c) -> Status { return Put(c, &actor, p, false, true, nullptr); }));
  MOTCUA_RETURN_IF_ERROR(Reload());
  auto index = Index();
  return *index->Find(code);
}

Status CatalogueService::Retire(const Principal& actor, const std::string& code) {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto current, storage::FindProcedure(c, code));
    if (current) {
      MOTCUA_ASSIGN_OR_RETURN(auto existing, ParseDocument(current->document));
      MOTCUA_RETURN_IF_ERROR(CheckScope(c, &actor, existing));
    }
    MOTCUA_RETURN_IF_ERROR(storage::SetProcedureRetired(c, code, clock_.NowSeconds()));
    return Audit(c, clock_, &actor, "procedure.retire", "procedure", code);
  }));
  return Reload();
}

Status CatalogueService::MayChange(const Principal& actor, const std::string& code) const {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  return db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto current, storage::FindProcedure(c, code));
    if (!current) return Status::NotFound("unknown_procedure", "code");
    MOTCUA_ASSIGN_OR_RETURN(auto existing, ParseDocument(current->document));
    return CheckScope(c, &actor, existing);
  });
}

std::string CatalogueService::Export(CatalogueFormat format) const {
  auto index = Index();
  std::vector<Procedure> all;
  for (const auto& e : index->entries()) all.push_back(e.procedure);
  if (format == CatalogueFormat::kCsv) return domain::ProceduresToCsv(all);
  json::array items;
  for (const auto& p : all) items.push_back(domain::ToJson(p));
  return json::serialize(json::object{{"procedures", std::move(items)}});
}

Result<ImportReport> CatalogueService::Import(const Principal& actor, CatalogueFormat format,
                                              std::string_view body, int* error_line) {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  int line = 0;
  auto fail = [&](int l, Status s) -> Status {
    if (error_line) *error_line = l;
    return s;
  };
  const bool csv = format == CatalogueFormat::kCsv;
  const char* unit_vi = csv ? "Dòng" : "Thủ tục thứ";
  const char* unit_en = csv ? "Line" : "Item";
  std::vector<domain::NumberedProcedure> items;
  if (csv) {
    auto parsed = domain::ProceduresFromCsv(body, &line);
    if (!parsed.ok()) return fail(line, parsed.status());
    items = std::move(parsed).value();
  } else {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec) return fail(0, Status::InvalidArgument("invalid_json"));
    const json::array* arr = nullptr;
    if (v.is_array()) arr = &v.as_array();
    if (v.is_object() && v.as_object().contains("procedures") && v.at("procedures").is_array())
      arr = &v.at("procedures").as_array();
    if (!arr)
      return fail(0, Status::InvalidArgument(
                         "invalid_json", "procedures",
                         "Tệp JSON phải là {\"procedures\": [...]} hoặc một danh sách thủ tục.",
                         "The JSON must be {\"procedures\": [...]} or an array of procedures."));
    for (size_t i = 0; i < arr->size(); ++i) {
      int n = static_cast<int>(i) + 1;
      auto p = domain::ProcedureFromJson((*arr)[i]);
      if (!p.ok()) return fail(n, WithLine(p.status(), n, unit_vi, unit_en));
      items.push_back({n, std::move(p).value()});
    }
  }
  std::set<std::string> seen;
  for (const auto& item : items) {
    if (Status s = domain::ValidateProcedure(item.procedure); !s.ok())
      return fail(item.line, WithLine(s, item.line, unit_vi, unit_en));
    if (!seen.insert(item.procedure.code).second)
      return fail(
          item.line,
          WithLine(Status::Validation(
                       "duplicate_code", "code",
                       fmt::format("Mã {} xuất hiện nhiều lần trong tệp.", item.procedure.code),
                       fmt::format("The code {} appears more than once.", item.procedure.code)),
                   item.line, unit_vi, unit_en));
  }
  ImportReport report;
  int failed_line = 0;
  Status written = db_.Write([&](storage::Connection& c) -> Status {
    report = ImportReport{};  // the callback may run again (decision 0020)
    failed_line = 0;
    for (const auto& item : items) {
      Status s = Put(c, &actor, item.procedure, false, false, &report);
      if (!s.ok()) {
        failed_line = item.line;
        // A refusal stays a refusal (403), not a row to correct.
        if (s.code() == Code::kInternal || s.code() == Code::kUnavailable ||
            s.code() == Code::kPermissionDenied)
          return s;
        return WithLine(s, item.line, unit_vi, unit_en);
      }
    }
    return Audit(c, clock_, &actor, "procedure.import", "catalogue", csv ? "csv" : "json",
                 {{"created", report.created},
                  {"updated", report.updated},
                  {"unchanged", report.unchanged}});
  });
  if (!written.ok()) return fail(failed_line, written);
  MOTCUA_RETURN_IF_ERROR(Reload());
  return report;
}

}  // namespace motcua::service
