#include "forms/text_vi.h"

#include <fmt/format.h>

namespace motcua::forms {

char32_t NextCodePoint(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*pos);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  size_t length;
  char32_t c;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    c = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    c = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    c = lead & 0x07;
  } else {
    ++*pos;
    return 0xFFFD;
  }
  if (*pos + length > text.size()) {
    ++*pos;
    return 0xFFFD;
  }
  for (size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(*pos + k);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++*pos;
    return 0xFFFD;
  }
  *pos += length;
  return c;
}

std::string DateVi(domain::LocalDate date) {
  return fmt::format(
      "ngày {:02d} tháng {} năm {}", date.day,
      date.month < 3 ? fmt::format("{:02d}", date.month) : fmt::format("{}", date.month),
      date.year);
}

std::string PlaceDateVi(std::string_view place, int64_t instant) {
  std::string date = DateVi(domain::LocalDateOf(instant));
  if (place.empty()) return date;
  return fmt::format("{}, {}", place, date);
}

namespace {
struct Clock {
  int hour, minute;
};
Clock LocalClock(int64_t instant) {
  const int64_t local = instant + domain::kVietnamUtcOffsetSeconds;
  int64_t second_of_day = local % domain::kSecondsPerDay;
  if (second_of_day < 0) second_of_day += domain::kSecondsPerDay;
  return {static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day % 3600 / 60)};
}
}  // namespace

std::string DateTimeVi(int64_t instant) {
  const Clock t = LocalClock(instant);
  return fmt::format("{:02d} giờ {:02d} phút, {}", t.hour, t.minute,
                     DateVi(domain::LocalDateOf(instant)));
}

std::string DateTimeShort(int64_t instant) {
  const Clock t = LocalClock(instant);
  return fmt::format("{} {:02d}:{:02d}", DateShort(instant), t.hour, t.minute);
}

std::string DateShort(int64_t instant) {
  const domain::LocalDate d = domain::LocalDateOf(instant);
  return fmt::format("{:02d}/{:02d}/{}", d.day, d.month, d.year);
}

}  // namespace motcua::forms
