#include "app/import_cli.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/clock.h"
#include "common/csv.h"
#include "common/json_util.h"
#include "domain/applicant.h"
#include "domain/applicant_json.h"
#include "domain/dossier_code.h"
#include "domain/local_date.h"
#include "domain/timeliness.h"
#include "service/catalogue_service.h"
#include "storage/agency_store.h"
#include "storage/dossier_store.h"

namespace motcua::app {
namespace {

namespace json = boost::json;

const std::vector<std::string> kRequired = {"code",        "procedure_code", "agency_code",
                                            "channel",     "received_at",    "due_at",
                                            "finished_at", "returned_at"};

Status LineError(int line, const Status& s) {
  std::string field = s.field().empty() ? "" : fmt::format(" ({})", s.field());
  return Status::Validation("import_row_invalid", s.field(),
                            fmt::format("Dòng {}: {}{}", line, s.Message("vi"), field),
                            fmt::format("Line {}: {}{}", line, s.Message("en"), field));
}

}  // namespace

Result<int> ImportDossiersCsv(storage::Database& db, std::string_view csv, int64_t now) {
  MOTCUA_ASSIGN_OR_RETURN(auto records, ParseCsv(csv));
  if (records.empty()) return Status::Validation("invalid_csv", "header");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < records[0].cells.size(); ++i) col[Trim(records[0].cells[i])] = i;
  for (const auto& name : kRequired)
    if (!col.count(name))
      return LineError(records[0].line, Status::Validation("missing_field", name));
  service::CatalogueService catalogue(db, SystemClock::Instance());
  MOTCUA_RETURN_IF_ERROR(catalogue.Reload());
  int imported = 0;
  MOTCUA_RETURN_IF_ERROR(db.Write([&](storage::Connection& c) -> Status {
    imported = 0;  // the callback may run again (decision 0020)
    std::set<std::string> seen;
    std::map<std::string, storage::AgencyRecord> agencies;
    for (size_t r = 1; r < records.size(); ++r) {
      const auto& rec = records[r];
      const int line = rec.line;
      auto cell = [&](const std::string& name) -> std::string {
        auto it = col.find(name);
        if (it == col.end() || it->second >= rec.cells.size()) return {};
        return Trim(rec.cells[it->second]);
      };
      auto fail = [&](Status s) { return LineError(line, s); };
      auto time = [&](const std::string& name, bool required) -> Result<std::optional<int64_t>> {
        std::string v = cell(name);
        if (v.empty()) {
          if (required) return Status::Validation("missing_field", name);
          return std::optional<int64_t>();
        }
        auto t = domain::ParseLocalDateTime(v);
        if (!t) return Status::Validation("invalid_date", name);
        return std::optional<int64_t>(*t);
      };
      storage::DossierRecord d;
      d.code = cell("code");
      auto code = domain::ParseDossierCode(d.code);
      if (!code.ok()) return fail(code.status());
      if (!seen.insert(d.code).second) return fail(Status::Conflict("already_exists", "code"));
      std::string agency_code = cell("agency_code");
      if (code->agency_code != agency_code)
        return fail(Status::Validation("invalid_dossier_code", "agency_code"));
      if (!agencies.count(agency_code)) {
        MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, agency_code));
        if (!a) return fail(Status::Validation("unknown_agency", "agency_code"));
        agencies[agency_code] = *a;
      }
      const auto& agency = agencies[agency_code];
      std::string channel = cell("channel");
      if (channel == "in_person") channel = "counter";
      if (channel != "counter" && channel != "online" && channel != "postal")
        return fail(Status::Validation("invalid_channel", "channel"));
      auto received = time("received_at", true);
      if (!received.ok()) return fail(received.status());
      auto due = time("due_at", false);
      if (!due.ok()) return fail(due.status());
      auto finished = time("finished_at", false);
      if (!finished.ok()) return fail(finished.status());
      auto returned = time("returned_at", false);
      if (!returned.ok()) return fail(returned.status());
      if (domain::LocalDateOf(**received) != code->day)
        return fail(Status::Validation("invalid_dossier_code", "received_at"));
      if (*due && **due < **received) return fail(Status::Validation("invalid_date", "due_at"));
      if (*finished && **finished < **received)
        return fail(Status::Validation("invalid_date", "finished_at"));
      if (*returned && !*finished) return fail(Status::Validation("missing_field", "finished_at"));
      if (*returned && **returned < **finished)
        return fail(Status::Validation("invalid_date", "returned_at"));
      for (auto t : {*received, *finished, *returned})
        if (t && *t > now) return fail(Status::Validation("invalid_date", "received_at"));
      std::string day = domain::LocalDateOf(**received).ToString();
      auto version = catalogue.VersionOn(cell("procedure_code"), day);
      if (!version.ok()) {
        // Legacy dossiers may predate the first version we hold: take the oldest one.
        auto detail = catalogue.Get(cell("procedure_code"));
        if (!detail.ok() || detail->versions.empty())
          return fail(Status::Validation("unknown_procedure", "procedure_code"));
        const auto& oldest = detail->versions.front();
        boost::system::error_code ec;
        json::value doc = json::parse(oldest.document, ec);
        if (ec) return Status::Internal("stored procedure document is not JSON");
        auto p = domain::ProcedureFromJson(doc);
        if (!p.ok()) return p.status();
        version = service::ProcedureVersion{oldest.version, oldest.effective_from,
                                            oldest.effective_to, std::move(p).value()};
      }

      domain::Applicant applicant;
      applicant.full_name = cell("applicant_name");
      if (applicant.full_name.empty()) applicant.full_name = "(không rõ — dữ liệu chuyển đổi)";
      applicant.id_number = cell("id_number");
      if (!applicant.id_number.empty()) {
        auto id = domain::ValidateCitizenId(applicant.id_number, std::nullopt, now, "id_number");
        if (!id.ok()) return fail(id.status());
      }
      if (std::string phone = cell("phone"); !phone.empty()) {
        auto p = domain::NormalizePhone(phone, "phone");
        if (!p.ok()) return fail(p.status());
        applicant.phone = *p;
      }
      std::string outcome = cell("outcome");
      if (outcome.empty()) outcome = "approved";
      if (outcome != "approved" && outcome != "rejected")
        return fail(Status::Validation("invalid_field", "outcome"));
      std::string return_method = cell("return_method");
      if (return_method.empty()) return_method = channel == "postal" ? "postal" : "counter";
      if (return_method != "counter" && return_method != "postal" && return_method != "online")
        return fail(Status::Validation("invalid_return_method", "return_method"));

      d.procedure_code = version->procedure.code;
      d.procedure_version = version->version;
      d.agency_id = agency.id;
      d.channel = channel;
      d.applicant = domain::ApplicantToJsonText(applicant);
      d.submitted_at = **received;
      d.received_at = *received;
      d.due_at = *due;
      d.legal_due_at = *due;
      d.finished_at = *finished;
      d.returned_at = *returned;
      d.updated_at = now;
      d.status = *returned ? "returned" : *finished ? "finished" : "in_process";
      if (*finished) {
        d.outcome = outcome;
        if (*due)
          d.timeliness =
              std::string(domain::TimelinessName(domain::ClassifyFinished(**finished, **due)));
      }
      if (*returned) d.return_method = return_method;
      if (!*returned) d.current_agency_id = agency.id;
      if (std::string holder = cell("current_agency_code"); !holder.empty() && !*returned) {
        MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, holder));
        if (!a) return fail(Status::Validation("unknown_agency", "current_agency_code"));
        d.current_agency_id = a->id;
      }
      d.result = json::serialize(json::object{{"imported", true}, {"import_line", line}});
      auto inserted = storage::InsertDossier(c, d);
      if (!inserted.ok()) {
        if (inserted.status().reason() == "already_exists")
          return fail(Status::Conflict("already_exists", "code"));
        return fail(inserted.status());
      }
      // Keep today's numbering ahead of imported codes of today, so new receptions never
      // collide with them.
      if (code->day >= domain::LocalDateOf(now)) {
        int64_t next = 0;
        while (next < code->sequence) {
          MOTCUA_ASSIGN_OR_RETURN(next, storage::NextDossierSequence(c, agency.id, day));
        }
      }
      storage::DossierHistoryRecord h;
      h.dossier_id = inserted->id;
      h.at = now;
      h.actor_name = "import";
      h.actor_role = "system";
      h.action = "import";
      h.to_status = d.status;
      h.comment = fmt::format("Chuyển đổi từ hệ thống cũ (dòng {})", line);
      MOTCUA_RETURN_IF_ERROR(storage::AppendDossierHistory(c, h).status());
      ++imported;
    }
    return Status::Ok();
  }));
  return imported;
}

void AddImportCommands(CLI::App& app, int& exit_code) {
  auto* import_cmd = app.add_subcommand("import", "Nhập dữ liệu (import data)");
  import_cmd->require_subcommand(1);
  auto* dossiers = import_cmd->add_subcommand(
      "dossiers", "Nhập hồ sơ lịch sử từ tệp CSV (import historical dossiers, all or nothing)");
  static std::string db_url = "var/motcua.db";
  static std::string file;
  dossiers->add_option("--db", db_url, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  dossiers->add_option("file", file, "Tệp CSV UTF-8 có dòng tiêu đề")->required();
  dossiers->callback([&exit_code] {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "Không đọc được tệp {}\n", file);
      exit_code = 1;
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto db = storage::OpenDatabase(storage::DatabaseOptions(db_url));
    if (!db.ok()) {
      fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", db_url, db.status().ToString());
      exit_code = 1;
      return;
    }
    auto migrated = storage::Migrate(**db);
    if (!migrated.ok()) {
      fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", migrated.status().ToString());
      exit_code = 1;
      return;
    }
    auto n = ImportDossiersCsv(**db, ss.str(), SystemClock::Instance().NowSeconds());
    (*db)->Close();
    if (!n.ok()) {
      fmt::print(stderr, "Không nhập được hồ sơ, không dữ liệu nào được ghi. {}\n",
                 n.status().Message("vi"));
      exit_code = n.status().code() == Code::kInternal ? 1 : 2;
      return;
    }
    fmt::print("Đã nhập {} hồ sơ (dossiers imported).\n", *n);
  });
}

}  // namespace motcua::app
