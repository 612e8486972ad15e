#include "app/calendar_cli.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "domain/lunar_calendar.h"
#include "domain/working_calendar.h"
#include "service/calendar_service.h"
#include "storage/database.h"

namespace motcua::app {
namespace {

std::string DataDir() {
  if (const char* env = std::getenv("MOTCUA_DATA_DIR")) return env;
  return MOTCUA_DEFAULT_DATA_DIR;
}

struct CalendarOptions {
  std::string data_dir = DataDir();
  std::string year;
  std::string from;
  std::optional<int64_t> working_days;
  std::optional<double> working_hours;
  bool same_day = false;
  std::string office_hours = domain::OfficeHours::Default().ToString();
  std::string date;
  std::string db = "var/motcua.db";
  service::CalendarOverrideInput override_input;
};

// The shipped decisions; a missing file is reported and the rules alone are used.
std::vector<domain::YearDecision> Decisions(const std::string& data_dir) {
  auto d = service::LoadCalendarDecisions(data_dir);
  if (!d.ok()) {
    fmt::print(stderr,
               "Cảnh báo: không đọc được dữ liệu quyết định nghỉ lễ trong {}/data/calendar ({}); "
               "chỉ áp dụng quy tắc của Bộ luật Lao động.\n",
               data_dir, d.status().Message("vi"));
    return {};
  }
  return *d;
}

int Fail(const std::string& message) {
  fmt::print(stderr, "{}\n", message);
  return 2;
}

int RunHolidays(const CalendarOptions& o) {
  char* end = nullptr;
  const long year = std::strtol(o.year.c_str(), &end, 10);
  if (o.year.empty() || *end != '\0' || year < 1901 || year > 2099) {
    return Fail(fmt::format("Năm không hợp lệ: \"{}\" (cần một số từ 1901 đến 2099).", o.year));
  }
  for (const auto& e : domain::HolidaysOfYear(static_cast<int>(year), Decisions(o.data_dir))) {
    fmt::print("{}\t{}\t{}\n", e.date.ToString(), domain::DayKindName(e.kind), e.name);
  }
  return 0;
}

int RunDue(const CalendarOptions& o) {
  auto from = domain::ParseLocalDateTime(o.from);
  if (!from) {
    return Fail(fmt::format(
        "Thời điểm --from không hợp lệ: \"{}\" (cần dạng \"YYYY-MM-DD HH:MM\").", o.from));
  }
  const int given = o.working_days.has_value() + o.working_hours.has_value() + o.same_day;
  if (given != 1) {
    return Fail("Cần đúng một trong --working-days, --working-hours hoặc --same-day.");
  }
  if (o.working_days && (*o.working_days < 0 || *o.working_days > 3650)) {
    return Fail("--working-days phải từ 0 đến 3650.");
  }
  if (o.working_hours && !(*o.working_hours >= 0 && *o.working_hours <= 30000)) {
    return Fail("--working-hours phải từ 0 đến 30000.");
  }
  auto hours = domain::ParseOfficeHours(o.office_hours);
  if (!hours.ok()) return Fail(hours.status().Message("vi"));
  auto calendar = domain::WorkingCalendar::Build(*hours, Decisions(o.data_dir));
  if (!calendar.ok()) return Fail(calendar.status().Message("vi"));
  std::optional<int64_t> due;
  if (o.same_day) {
    due = calendar->SameDayDue(*from);
  } else if (o.working_days) {
    due = calendar->AddWorkingDays(*from, *o.working_days);
  } else {
    due = calendar->AddWorkingHours(*from, *o.working_hours);
  }
  if (!due) {
    return Fail(fmt::format("Thời hạn nằm ngoài phạm vi lịch ({}–{}).", calendar->first_year(),
                            calendar->last_year()));
  }
  fmt::print("{}\n", domain::FormatLocalDateTime(*due));
  return 0;
}

int RunLunar(const CalendarOptions& o) {
  auto date = domain::LocalDate::Parse(o.date);
  if (!date) return Fail(fmt::format("Ngày không hợp lệ: \"{}\" (cần dạng YYYY-MM-DD).", o.date));
  auto lunar = domain::SolarToLunar(*date);
  if (!lunar) {
    return Fail(fmt::format("Chỉ chuyển đổi được các ngày từ năm {} đến năm {}.",
                            domain::kLunarMinYear, domain::kLunarMaxYear));
  }
  fmt::print("{}/{}/{}{}\n", lunar->day, lunar->month, lunar->year, lunar->leap ? " (nhuận)" : "");
  return 0;
}

// Opens and migrates the database for the override commands; nullptr after printing the error.
std::unique_ptr<storage::Database> OpenDb(const std::string& url) {
  auto db = storage::OpenDatabase(storage::DatabaseOptions(url));
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", url, db.status().ToString());
    return nullptr;
  }
  if (auto n = storage::Migrate(**db); !n.ok()) {
    fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", n.status().ToString());
    return nullptr;
  }
  return std::move(db).value();
}

// The command line acts as the installation's operator: a null actor, audited as such.
int RunOverride(const CalendarOptions& o, const std::string& verb) {
  auto db = OpenDb(o.db);
  if (!db) return 1;
  service::CalendarService calendar(*db, SystemClock::Instance(), Decisions(o.data_dir));
  if (verb == "list") {
    auto list = calendar.ListOverrides();
    if (!list.ok()) return Fail(list.status().Message("vi"));
    for (const auto& r : *list) {
      fmt::print("{}\t{}\t{}\t{}\n", r.day, r.kind == "day_off" ? "day-off" : r.kind, r.name,
                 r.agency_id ? std::to_string(*r.agency_id) : "*");
    }
    return 0;
  }
  if (verb == "add") {
    auto r = calendar.AddOverride(nullptr, o.override_input);
    if (!r.ok()) {
      fmt::print(stderr, "Không thêm được: {} ({})\n", r.status().Message("vi"),
                 r.status().field());
      return r.status().code() == Code::kInternal ? 1 : 2;
    }
    fmt::print("Đã thêm {} {} — {}\n", r->day, o.override_input.kind, r->name);
    return 0;
  }
  Status st = calendar.RemoveOverride(nullptr, o.override_input.day, o.override_input.agency_code);
  if (!st.ok()) {
    fmt::print(stderr, "Không xóa được: {} ({})\n", st.Message("vi"), st.field());
    return st.code() == Code::kInternal ? 1 : 2;
  }
  fmt::print("Đã xóa ngày {}\n", o.override_input.day);
  return 0;
}

}  // namespace

void AddCalendarCommands(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CalendarOptions>();
  auto* cal = app.add_subcommand("calendar", "Lịch làm việc, ngày nghỉ lễ, âm lịch (calendar)");
  cal->require_subcommand(1);
  cal->add_option("--data-dir", o->data_dir, "Thư mục chứa data/calendar")
      ->envname("MOTCUA_DATA_DIR");

  auto* holidays = cal->add_subcommand(
      "holidays", "Ngày nghỉ lễ, nghỉ bù, ngày hoán đổi của một năm (YYYY-MM-DD<TAB>loại<TAB>tên)");
  holidays->add_option("year", o->year, "Năm dương lịch")->required();
  holidays->callback([o, &exit_code] { exit_code = RunHolidays(*o); });

  auto* due = cal->add_subcommand("due", "Tính thời hạn theo ngày/giờ làm việc");
  due->add_option("--from", o->from, "Thời điểm bắt đầu \"YYYY-MM-DD HH:MM\" (giờ Việt Nam)")
      ->required();
  due->add_option("--working-days", o->working_days, "Số ngày làm việc");
  due->add_option("--working-hours", o->working_hours, "Số giờ làm việc");
  due->add_flag("--same-day", o->same_day, "Giải quyết trong ngày");
  due->add_option("--office-hours", o->office_hours, "Giờ làm việc, ví dụ 07:30-11:30,13:00-17:00")
      ->capture_default_str();
  due->callback([o, &exit_code] { exit_code = RunDue(*o); });

  auto* lunar = cal->add_subcommand("lunar", "Đổi ngày dương lịch sang âm lịch Việt Nam");
  lunar->add_option("date", o->date, "Ngày dương lịch YYYY-MM-DD")->required();
  lunar->callback([o, &exit_code] { exit_code = RunLunar(*o); });

  // Administrator overrides (ngày nghỉ / ngày làm việc bổ sung), audited like the API's.
  auto* ov = cal->add_subcommand("override", "Ngày nghỉ / ngày làm việc do quản trị viên bổ sung");
  ov->require_subcommand(1);
  auto add_db = [o](CLI::App* cmd) {
    cmd->add_option("--db", o->db, "Đường dẫn SQLite hoặc URL postgresql://")
        ->envname("MOTCUA_DB")
        ->capture_default_str();
  };
  auto* add = ov->add_subcommand("add", "Thêm một ngày");
  add->add_option("--day", o->override_input.day, "Ngày YYYY-MM-DD")->required();
  add->add_option("--kind", o->override_input.kind, "day-off | workday")
      ->required()
      ->check(CLI::IsMember({"day-off", "day_off", "workday"}));
  add->add_option("--name", o->override_input.name, "Lý do (tiếng Việt)")->required();
  add->add_option("--agency", o->override_input.agency_code,
                  "Mã cơ quan (bỏ trống: toàn hệ thống)");
  add_db(add);
  add->callback([o, &exit_code] { exit_code = RunOverride(*o, "add"); });
  auto* remove = ov->add_subcommand("remove", "Xóa một ngày");
  remove->add_option("--day", o->override_input.day, "Ngày YYYY-MM-DD")->required();
  remove->add_option("--agency", o->override_input.agency_code, "Mã cơ quan");
  add_db(remove);
  remove->callback([o, &exit_code] { exit_code = RunOverride(*o, "remove"); });
  auto* list = ov->add_subcommand("list", "Liệt kê");
  add_db(list);
  list->callback([o, &exit_code] { exit_code = RunOverride(*o, "list"); });
}

}  // namespace motcua::app
