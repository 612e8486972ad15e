#include "app/catalogue_cli.h"

#include <fmt/format.h>

#include <fstream>

#include "common/clock.h"
#include "domain/local_date.h"
#include "service/catalogue_service.h"
#include "service/national_import.h"
#include "storage/database.h"

namespace motcua::app {

void AddCatalogueCommands(CLI::App& app, int& exit_code) {
  auto* catalogue_cmd =
      app.add_subcommand("catalogue", "Danh mục thủ tục hành chính (procedure catalogue)");
  catalogue_cmd->require_subcommand(1);
  auto* national = catalogue_cmd->add_subcommand(
      "import-national",
      "Nạp CSDL quốc gia về TTHC (import the national catalogue, one transaction)");
  static std::string db_url = "var/motcua.db";
  static std::string province;
  static std::string report_file;
  static std::string effective_from;
  static bool strict = false;
  static std::string dir;
  national->add_option("--db", db_url, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  national->add_option("--province", province,
                       "Tỉnh triển khai: nạp thủ tục riêng của tỉnh này (e.g. \"Bắc Ninh\")");
  national->add_option("--report", report_file, "Ghi báo cáo đọc dữ liệu (CSV) vào tệp này");
  national->add_option("--effective-from", effective_from,
                       "Ngày áp dụng của phiên bản nạp (YYYY-MM-DD; mặc định: hôm nay)");
  national->add_flag("--strict", strict, "Có lỗi đọc dữ liệu thì không nạp gì");
  national->add_option("dir", dir, "Thư mục chứa catalogue.jsonl.xz, details_*.jsonl.xz")
      ->required();
  national->callback([&exit_code] {
    const Clock& clock = SystemClock::Instance();
    service::NationalImportOptions options;
    options.dir = dir;
    options.province = province;
    options.strict = strict;
    options.effective_from = effective_from.empty()
                                 ? domain::LocalDateOf(clock.NowSeconds()).ToString()
                                 : effective_from;
    auto db = storage::OpenDatabase(storage::DatabaseOptions(db_url));
    if (!db.ok()) {
      fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", db_url, db.status().ToString());
      exit_code = 1;
      return;
    }
    if (auto migrated = storage::Migrate(**db); !migrated.ok()) {
      fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", migrated.status().ToString());
      exit_code = 1;
      return;
    }
    service::CatalogueService catalogue(**db, clock);
    auto r = service::ImportNationalCatalogue(**db, clock, catalogue, options);
    (*db)->Close();
    if (!r.ok()) {
      fmt::print(stderr, "Không nạp được danh mục quốc gia, không dữ liệu nào được ghi. {}\n",
                 r.status().Message("vi"));
      exit_code = r.status().code() == Code::kInternal ? 1 : 2;
      return;
    }
    if (!report_file.empty()) {
      std::ofstream out(report_file, std::ios::binary);
      out << service::ParseReportCsv(r->problems);
      if (!out) {
        fmt::print(stderr, "Không ghi được báo cáo {}\n", report_file);
        exit_code = 1;
        return;
      }
    }
    fmt::print(
        "Đã nạp danh mục quốc gia: {} dòng, {} thủ tục mới, {} phiên bản mới, {} không đổi, {} "
        "thủ tục của địa phương giữ nguyên, {} thủ tục riêng của tỉnh khác bỏ qua, {} dòng bị "
        "từ chối; báo cáo: {} lỗi, {} cảnh báo.\n",
        r->lines, r->created, r->updated, r->unchanged, r->kept_local, r->other_province,
        r->rejected, r->Errors(), static_cast<int>(r->problems.size()) - r->Errors());
  });
}

}  // namespace motcua::app
