#include "domain/office_hours.h"

#include <fmt/format.h>

namespace motcua::domain {
namespace {

Status Bad(std::string_view detail_vi, std::string_view detail_en) {
  return Status::Validation("invalid_office_hours", "office_hours",
                            fmt::format("Giờ làm việc không hợp lệ: {}", detail_vi),
                            fmt::format("Invalid office hours: {}", detail_en));
}

// "HH:MM" -> minutes; -1 if malformed. 24:00 is allowed as a closing time.
int ParseClock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace

OfficeHours OfficeHours::Default() {
  return OfficeHours{{{7 * 60 + 30, 11 * 60 + 30}, {13 * 60, 17 * 60}}};
}

int64_t OfficeHours::DaySeconds() const {
  int64_t total = 0;
  for (const OfficeSession& s : sessions) total += (s.close_minute - s.open_minute) * 60;
  return total;
}

std::string OfficeHours::ToString() const {
  std::string out;
  for (const OfficeSession& s : sessions) {
    if (!out.empty()) out += ',';
    out += fmt::format("{:02d}:{:02d}-{:02d}:{:02d}", s.open_minute / 60, s.open_minute % 60,
                       s.close_minute / 60, s.close_minute % 60);
  }
  return out;
}

Result<OfficeHours> ParseOfficeHours(std::string_view text) {
  OfficeHours out;
  int last_close = -1;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (part.size() != 11 || part[5] != '-')
      return Bad("phải có dạng HH:MM-HH:MM", "expected HH:MM-HH:MM");
    const int open = ParseClock(part.substr(0, 5));
    const int close = ParseClock(part.substr(6, 5));
    if (open < 0 || close < 0) return Bad("giờ không hợp lệ", "bad clock time");
    if (open >= close || open < last_close) {
      return Bad("các buổi phải tăng dần và không chồng nhau",
                 "sessions must increase and not overlap");
    }
    out.sessions.push_back({open, close});
    last_close = close;
  }
  if (out.sessions.empty() || out.sessions.size() > 4)
    return Bad("cần 1 đến 4 buổi", "need 1 to 4 sessions");
  return out;
}

}  // namespace motcua::domain
