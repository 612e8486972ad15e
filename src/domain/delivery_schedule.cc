#include "domain/delivery_schedule.h"

#include <charconv>

namespace motcua::domain {
namespace {

constexpr int64_t kVietnamOffset = 7 * 3600;
constexpr int64_t kDay = 86400;

int64_t LocalSecondOfDay(int64_t unix_seconds) {
  int64_t local = unix_seconds + kVietnamOffset;
  return ((local % kDay) + kDay) % kDay;
}

std::optional<int> ParseClock(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3)
    return std::nullopt;
  int h = 0, m = 0;
  auto r1 = std::from_chars(s.data(), s.data() + colon, h);
  auto r2 = std::from_chars(s.data() + colon + 1, s.data() + s.size(), m);
  if (r1.ec != std::errc() || r1.ptr != s.data() + colon || r2.ec != std::errc() ||
      r2.ptr != s.data() + s.size() || h < 0 || h > 23 || m < 0 || m > 59)
    return std::nullopt;
  return h * 60 + m;
}

}  // namespace

bool QuietHours::Contains(int64_t unix_seconds) const {
  if (none()) return false;
  int64_t s = LocalSecondOfDay(unix_seconds);
  int64_t start = int64_t{start_minute} * 60, end = int64_t{end_minute} * 60;
  if (start < end) return s >= start && s < end;
  return s >= start || s < end;  // wraps midnight
}

int64_t QuietHours::NextAllowed(int64_t unix_seconds) const {
  if (!Contains(unix_seconds)) return unix_seconds;
  int64_t s = LocalSecondOfDay(unix_seconds);
  int64_t end = int64_t{end_minute} * 60;
  int64_t wait = end > s ? end - s : end + kDay - s;
  return unix_seconds + wait;
}

std::optional<QuietHours> ParseQuietHours(std::string_view text) {
  if (text.empty() || text == "off") return QuietHours{};
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto start = ParseClock(text.substr(0, dash));
  auto end = ParseClock(text.substr(dash + 1));
  if (!start || !end) return std::nullopt;
  return QuietHours{*start, *end};
}

int64_t RetryDelaySeconds(int attempts, int64_t base_seconds, int64_t max_seconds) {
  if (attempts < 1) attempts = 1;
  int64_t delay = base_seconds;
  for (int i = 1; i < attempts && delay < max_seconds; ++i) delay *= 2;
  return delay < max_seconds ? delay : max_seconds;
}

}  // namespace motcua::domain
