// When a notification may be tried next: quiet hours for SMS (no text message wakes a citizen at
// night) and the exponential back-off between failed attempts. Pure: the caller gives the instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::domain {

// A daily window in Vietnam time (UTC+7, no daylight saving) during which SMS wait. The window
// may wrap midnight ("21:00-07:00"). start == end: no quiet hours.
struct QuietHours {
  int start_minute = 0;  // minutes after local midnight
  int end_minute = 0;

  bool none() const { return start_minute == end_minute; }
  bool Contains(int64_t unix_seconds) const;
  // `unix_seconds` itself when outside the window, else the window's end.
  int64_t NextAllowed(int64_t unix_seconds) const;
};

// "21:00-07:00"; "" or "off": no quiet hours. nullopt when malformed.
std::optional<QuietHours> ParseQuietHours(std::string_view text);

// The wait after the `attempts`-th failed attempt (1-based): base, 2·base, 4·base, ... capped.
int64_t RetryDelaySeconds(int attempts, int64_t base_seconds, int64_t max_seconds);

}  // namespace motcua::domain
