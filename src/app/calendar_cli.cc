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
}

}  // namespace motcua::app
