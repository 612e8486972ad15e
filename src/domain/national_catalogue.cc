#include "domain/national_catalogue.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <optional>

namespace motcua::domain {
namespace {

namespace json = boost::json;

constexpr std::string_view kNoInfo = "Không có thông tin";
constexpr std::string_view kFree = "Miễn phí";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool At(std::string_view s, size_t pos, std::string_view what) {
  return pos <= s.size() && s.substr(pos).starts_with(what);
}

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string Clip(std::string_view s, size_t n = 300) {
  if (s.size() <= n) return std::string(s);
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return std::string(s.substr(0, cut)) + "…";
}

void Report(std::vector<ParseProblem>& report, const std::string& code, std::string field,
            std::string_view raw, std::string problem, bool error = true) {
  report.push_back({code, std::move(field), Clip(raw), std::move(problem), error});
}

// The code point at `pos` and its length in bytes (1 for a stray byte).
char32_t Decode(std::string_view s, size_t pos, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[pos]);
  auto cont = [&](size_t i) {
    return pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) & 0x3F : 0;
  };
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if ((c & 0xE0) == 0xC0 && pos + 1 < s.size()) {
    *len = 2;
    return (char32_t(c & 0x1F) << 6) | cont(1);
  }
  if ((c & 0xF0) == 0xE0 && pos + 2 < s.size()) {
    *len = 3;
    return (char32_t(c & 0x0F) << 12) | (char32_t(cont(1)) << 6) | cont(2);
  }
  *len = 1;
  return c;
}

// Vietnamese letters only: ASCII, Latin-1, Latin Extended-A/B (ă đ ĩ ũ ơ ư), Extended Additional.
bool IsUpper(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) return c % 2 == 0;
  if (c == 0x1A0 || c == 0x1AF) return true;
  if (c >= 0x1EA0 && c <= 0x1EF9) return c % 2 == 0;
  return false;
}
bool IsLower(char32_t c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
  if (c >= 0x100 && c <= 0x17F) return c % 2 == 1;
  if (c == 0x1A1 || c == 0x1B0) return true;
  if (c >= 0x1EA0 && c <= 0x1EF9) return c % 2 == 1;
  return false;
}
bool UpperAt(std::string_view s, size_t pos) {
  size_t len = 0;
  return pos < s.size() && IsUpper(Decode(s, pos, &len));
}
bool LowerAt(std::string_view s, size_t pos) {
  size_t len = 0;
  return pos < s.size() && IsLower(Decode(s, pos, &len));
}
size_t CharLen(std::string_view s, size_t pos) {
  size_t len = 1;
  Decode(s, pos, &len);
  return len;
}

// "1,200,000" (groups of three after the first) or "120"; no leading zero unless "0".
std::optional<int64_t> ParseGroupedAmount(std::string_view t) {
  if (t.empty() || t.size() > 20) return std::nullopt;
  size_t first = t.find(',');
  std::string_view head = t.substr(0, first);
  if (head.empty() || head.size() > (first == std::string_view::npos ? 15u : 3u))
    return std::nullopt;
  if (head.size() > 1 && head[0] == '0') return std::nullopt;
  int64_t v = 0;
  for (char c : head) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  while (first != std::string_view::npos) {
    std::string_view group = t.substr(first + 1, 3);
    if (group.size() != 3 || !std::all_of(group.begin(), group.end(), IsDigit)) return std::nullopt;
    for (char c : group) v = v * 10 + (c - '0');
    size_t next = first + 4;
    if (next < t.size() && t[next] != ',') return std::nullopt;
    first = next < t.size() ? next : std::string_view::npos;
  }
  return v;
}

// Amounts written in a fee's text: "20.000 đồng", "100.000đ", "7.000 vnđ".
std::vector<int64_t> AmountsInText(std::string_view t) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!IsDigit(t[i]) || (i > 0 && (IsDigit(t[i - 1]) || t[i - 1] == '.'))) continue;
    size_t j = i;
    int64_t v = 0;
    while (j < t.size() &&
           (IsDigit(t[j]) || (t[j] == '.' && j + 1 < t.size() && IsDigit(t[j + 1])))) {
      if (IsDigit(t[j])) v = v * 10 + (t[j] - '0');
      ++j;
    }
    size_t k = j;
    if (k < t.size() && t[k] == ' ') ++k;
    if (At(t, k, "đ") || At(t, k, "Đ") || At(t, k, "vnđ") || At(t, k, "VNĐ")) out.push_back(v);
    i = j;
  }
  return out;
}

bool Contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

// "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh … quyết định": the amount is the province's.
bool SetByProvince(std::string_view t) {
  bool council = Contains(t, "Hội đồng nhân dân") || Contains(t, "HĐND");
  bool decides = Contains(t, "quyết định") || Contains(t, "quy định");
  return council && decides;
}

void MarkFee(Fee& f) {
  std::string_view t = f.description;
  f.set_by_province = SetByProvince(t);
  f.per_page = Contains(t, "/trang") || Contains(t, "/ trang") || Contains(t, "mỗi trang") ||
               Contains(t, "một trang");
  f.per_copy = Contains(t, "/bản") || Contains(t, "/ bản") || Contains(t, "mỗi bản") ||
               Contains(t, "/01 bản") || Contains(t, "/1 bản");
}

// The balanced parenthesised text at `pos` ("(…(…)…)"), without the outer parentheses; `end`
// gets the position after it. nullopt when unbalanced.
std::optional<std::string_view> Parenthesised(std::string_view s, size_t pos, size_t* end) {
  if (pos >= s.size() || s[pos] != '(') return std::nullopt;
  int depth = 0;
  for (size_t i = pos; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) {
      *end = i + 1;
      return s.substr(pos + 1, i - pos - 1);
    }
  }
  return std::nullopt;
}

struct ChannelName {
  std::string_view text;
  Channel channel;
};
constexpr ChannelName kChannelNames[] = {
    {"Trực tuyến", Channel::kOnline},
    {"Trực tiếp", Channel::kInPerson},
    {"Dịch vụ bưu chính", Channel::kPostal},
};

struct Unit {
  std::string_view text;
  TimeLimit::Unit unit;
};
// Longest first: "Ngày làm việc" before "Ngày".
constexpr Unit kUnitsText[] = {
    {" Ngày làm việc", TimeLimit::Unit::kWorkingDays},
    {" Giờ làm việc", TimeLimit::Unit::kWorkingHours},
    {" Ngày", TimeLimit::Unit::kCalendarDays},
    // The portal's "Giờ" (HOUR) limits are office hours in practice ("24 giờ" after receipt of a
    // complete dossier); decision 0006 records the reading.
    {" Giờ", TimeLimit::Unit::kWorkingHours},
    {" Tháng", TimeLimit::Unit::kMonths},
};

constexpr std::string_view kCurrencies[] = {" Việt Nam Đồng", " VNĐ"};

size_t CurrencyAt(std::string_view s, size_t pos) {
  for (auto c : kCurrencies)
    if (At(s, pos, c)) return c.size();
  return 0;
}

// Reads the fee at the start of `s`; `used` gets how many bytes it took. nullopt: unreadable.
std::optional<Fee> ReadFee(std::string_view s, size_t* used, bool* foreign) {
  Fee f;
  f.name = "Phí, lệ phí";
  size_t pos = 0;
  if (At(s, 0, kNoInfo)) {
    f.not_published = true;
    *used = kNoInfo.size();
    return f;
  }
  if (At(s, 0, kFree)) {
    pos = kFree.size();
  } else {
    size_t j = 0;
    while (j < s.size() && (IsDigit(s[j]) || s[j] == ',')) ++j;
    auto amount = ParseGroupedAmount(s.substr(0, j));
    size_t cur = CurrencyAt(s, j);
    if (amount && cur == 0 && At(s, j, " USD")) {
      // An amount in another currency: its VND amount is not published; the text keeps it.
      *foreign = true;
      f.not_published = true;
      f.description = std::string(s.substr(0, j)) + " USD";
      pos = j + 4;
      size_t end = 0;
      if (auto text = Parenthesised(s, pos, &end)) {
        f.description += " (" + std::string(Trim(*text)) + ")";
        pos = end;
      }
      *used = pos;
      return f;
    }
    if (!amount || cur == 0) return std::nullopt;
    f.amount = *amount;
    pos = j + cur;
  }
  size_t end = 0;
  if (auto text = Parenthesised(s, pos, &end)) {
    f.description = std::string(Trim(*text));
    pos = end;
  }
  // 0 without any text is "chưa công bố", not free (the portal shows it as "Miễn phí").
  if (f.amount == 0 && f.description.empty()) f.not_published = true;
  MarkFee(f);
  *used = pos;
  return f;
}

// "1.5" working days → 12 working hours; other fractions are unreadable.
std::optional<TimeLimit> LimitOf(std::string_view number, TimeLimit::Unit unit) {
  size_t dot = number.find_first_of(".,");
  int whole = 0;
  for (char c : number.substr(0, dot)) {
    if (!IsDigit(c) || whole > 100000) return std::nullopt;
    whole = whole * 10 + (c - '0');
  }
  if (dot == std::string_view::npos) return TimeLimit{unit, whole};
  if (number.substr(dot + 1) != "5") return std::nullopt;
  if (unit == TimeLimit::Unit::kWorkingDays)
    return TimeLimit{TimeLimit::Unit::kWorkingHours, whole * kWorkingHoursPerDay + 4};
  if (unit == TimeLimit::Unit::kWorkingHours) return std::nullopt;
  return std::nullopt;
}

// A row starts where a channel name is followed by a limit, a fee or "Không có thông tin".
struct RowStart {
  size_t pos;
  size_t after;
  Channel channel;
};

std::vector<RowStart> FindRowStarts(std::string_view body) {
  std::vector<RowStart> out;
  for (size_t pos = 0; pos < body.size(); ++pos) {
    for (const auto& c : kChannelNames) {
      if (!At(body, pos, c.text)) continue;
      size_t after = pos + c.text.size();
      // …or by a short limit in words ("Không quy định") and then the fee.
      auto worded = [&] {
        if (!UpperAt(body, after)) return false;
        size_t fee = std::min(body.find(kFree, after), body.find(kNoInfo, after));
        if (fee == std::string_view::npos || fee - after > 80) return false;
        std::string_view words = body.substr(after, fee - after);
        return words.find_first_of(".:;()") == std::string_view::npos;
      };
      if (after < body.size() && (IsDigit(body[after]) || At(body, after, kNoInfo) ||
                                  At(body, after, kFree) || worded())) {
        out.push_back({pos, after, c.channel});
        pos = after - 1;
      }
      break;
    }
  }
  return out;
}

constexpr std::string_view kChannelsHeader = "Hình thức nộpThời gianPhí, lệ phíMô tả";
constexpr std::string_view kLegalHeader = "Tên văn bản pháp lýMã văn bản";
constexpr std::string_view kComponentsHeader = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";

// A limit and a fee written without a unit between them ("Trực tuyến1100 VNĐ(… 100.000 đồng)")
// are split where the fee (or the fee in thousands) equals an amount its text states; any other
// reading is ambiguous.
struct RunSplit {
  int days = 0;
  int64_t amount = 0;
  bool thousands = false;
};
// The page renders amounts with no leading zero, groups of three from 1,000 up, and 0 as "Miễn
// phí": most runs split one way only. Otherwise the fee's text (its amount, or the amount in
// thousands) or the limits of the page's other rows decide; else the run is ambiguous.
std::optional<RunSplit> SplitRunTogether(std::string_view digits, std::string_view fee_text,
                                         const std::vector<int>& page_limits) {
  std::vector<int64_t> stated = AmountsInText(fee_text);
  std::vector<RunSplit> candidates;
  for (size_t i = 1; i < digits.size(); ++i) {
    std::string_view t = digits.substr(0, i);
    std::string_view f = digits.substr(i);
    if (t[0] == '0' || t.find(',') != std::string_view::npos || t.size() > 4) continue;
    auto amount = ParseGroupedAmount(f);
    if (!amount || *amount == 0) continue;
    candidates.push_back({std::stoi(std::string(t)), *amount, false});
  }
  auto by_text = [&](const RunSplit& c) {
    for (int64_t s : stated)
      if (s == c.amount || s == c.amount * 1000) return true;
    return false;
  };
  auto by_page = [&](const RunSplit& c) {
    return std::find(page_limits.begin(), page_limits.end(), c.days) != page_limits.end();
  };
  std::optional<RunSplit> chosen;
  if (candidates.size() == 1) chosen = candidates[0];
  for (auto filter : {std::function<bool(const RunSplit&)>(by_text),
                      std::function<bool(const RunSplit&)>(by_page)}) {
    if (chosen) break;
    std::vector<RunSplit> kept;
    for (const auto& c : candidates)
      if (filter(c)) kept.push_back(c);
    if (kept.size() == 1) chosen = kept[0];
  }
  if (!chosen) return std::nullopt;
  for (int64_t s : stated)
    if (s == chosen->amount * 1000 && s != chosen->amount) {
      chosen->amount = s;
      chosen->thousands = true;
    }
  return chosen;
}

}  // namespace

std::vector<ChannelRow> ParseChannelsTimeFees(std::string_view text, const std::string& code,
                                              std::vector<ParseProblem>& report) {
  const std::string field = "channels_time_fees";
  std::vector<ChannelRow> rows;
  std::string_view t = Trim(text);
  if (t.empty() || t == kNoInfo) {
    Report(report, code, field, text, "channels_not_published", false);
    return rows;
  }
  if (!t.starts_with(kChannelsHeader)) {
    Report(report, code, field, text, "table_header_missing");
    return rows;
  }
  std::string_view body = t.substr(kChannelsHeader.size());
  auto starts = FindRowStarts(body);
  if (starts.empty() || starts[0].pos != 0) {
    Report(report, code, field, body, "rows_unreadable");
    return rows;
  }
  // The limits the page writes with a unit, to read rows where a limit runs into a fee.
  std::vector<int> page_limits;
  for (const auto& st : starts) {
    size_t j = st.after;
    int n = 0;
    while (j < body.size() && IsDigit(body[j]) && n < 100000) n = n * 10 + (body[j++] - '0');
    if (j > st.after && (At(body, j, " Ngày") || At(body, j, " Giờ") || At(body, j, " Tháng")))
      page_limits.push_back(n);
  }
  for (size_t r = 0; r < starts.size(); ++r) {
    size_t end = r + 1 < starts.size() ? starts[r + 1].pos : body.size();
    std::string_view seg = body.substr(starts[r].after, end - starts[r].after);
    ChannelRow row;
    row.channel = starts[r].channel;
    row.limit = {TimeLimit::Unit::kNotPublished, 0};
    size_t pos = 0;
    bool fee_read = false;
    if (At(seg, 0, kNoInfo)) {
      pos = kNoInfo.size();
      Report(report, code, field, seg.substr(0, 60), "time_not_published", false);
    } else if (IsDigit(seg[0])) {
      size_t j = 0;
      while (j < seg.size() && (IsDigit(seg[j]) || seg[j] == '.' || seg[j] == ',')) ++j;
      std::string_view number = seg.substr(0, j);
      bool unit_found = false;
      for (const auto& u : kUnitsText) {
        if (!At(seg, j, u.text)) continue;
        auto limit = LimitOf(number, u.unit);
        if (!limit) {
          Report(report, code, field, seg.substr(0, j + u.text.size()), "time_unreadable");
        } else {
          row.limit = *limit;
        }
        pos = j + u.text.size();
        unit_found = true;
        break;
      }
      if (!unit_found) {
        if (size_t cur = CurrencyAt(seg, j)) {
          // The limit's number and the fee's amount run together with no unit between them.
          size_t fee_end = j + cur;
          std::string_view fee_text;
          size_t close = 0;
          if (auto p = Parenthesised(seg, fee_end, &close)) {
            fee_text = *p;
            fee_end = close;
          }
          auto split = SplitRunTogether(number, fee_text, page_limits);
          if (!split) {
            Report(report, code, field, seg.substr(0, std::min<size_t>(fee_end, 200)),
                   "time_and_fee_run_together");
            row.fee.name = "Phí, lệ phí";
            row.fee.not_published = true;
            row.fee.description = std::string(Trim(fee_text));
          } else {
            row.limit = {TimeLimit::Unit::kNotPublished, split->days};
            Report(report, code, field, seg.substr(0, j + cur), "time_unit_missing", false);
            row.fee.name = "Phí, lệ phí";
            row.fee.amount = split->amount;
            row.fee.description = std::string(Trim(fee_text));
            MarkFee(row.fee);
            if (split->thousands)
              Report(report, code, field, seg.substr(0, j + cur), "fee_in_thousands", false);
          }
          pos = fee_end;
          fee_read = true;
        } else if (At(seg, j, kFree) || At(seg, j, kNoInfo)) {
          // A bare number: the portal published no unit. Kept, never given one.
          int amount = 0;
          if (auto l = LimitOf(number, TimeLimit::Unit::kCalendarDays)) amount = l->amount;
          row.limit = {TimeLimit::Unit::kNotPublished, amount};
          Report(report, code, field, seg.substr(0, j), "time_unit_missing", false);
          pos = j;
        } else {
          Report(report, code, field, seg.substr(0, std::min<size_t>(seg.size(), j + 40)),
                 "unit_unknown");
          // Skip to the fee when one follows the unknown unit.
          size_t free = seg.find(kFree, j);
          size_t none = seg.find(kNoInfo, j);
          pos = std::min(free, none);
          if (pos == std::string_view::npos) pos = seg.size();
        }
      }
    } else {
      // A limit written as words ("Không quy định"): not published; the fee follows.
      pos = std::min(seg.find(kFree), seg.find(kNoInfo));
      if (pos == std::string_view::npos) pos = 0;
      Report(report, code, field, seg.substr(0, std::max<size_t>(pos, 60)), "time_not_published",
             false);
    }
    if (!fee_read) {
      size_t used = 0;
      bool foreign = false;
      auto fee = ReadFee(seg.substr(std::min(pos, seg.size())), &used, &foreign);
      if (foreign)
        Report(report, code, field, seg.substr(pos, used), "fee_foreign_currency", false);
      if (!fee) {
        Report(report, code, field, seg.substr(std::min(pos, seg.size()), 120), "fee_unreadable");
        row.fee.name = "Phí, lệ phí";
        row.fee.not_published = true;
      } else {
        row.fee = *fee;
        pos += used;
      }
    }
    if (row.fee.not_published)
      Report(report, code, field, seg.substr(0, std::min<size_t>(pos, 120)), "fee_not_published",
             false);
    row.fee.channels = {row.channel};
    row.description = std::string(Trim(seg.substr(std::min(pos, seg.size()))));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

// Signs of issuing bodies and kinds of documents, to tell "…TT-BCA" + "ngày" from "…NĐ-CP" +
// "Nghị định": a capital that completes one of them belongs to the number.
constexpr std::string_view kSigns[] = {
    "BCA",  "BNG",    "BQP",     "BTC",   "BTNMT", "BTP",   "BTTTT",   "BVHTTDL", "BXD",
    "BYT",  "CP",     "HĐND",    "NHNN",  "NQ",    "NĐ",    "QĐ",      "TT",      "TTLT",
    "UBND", "BCT",    "BNV",     "BGDĐT", "BKHĐT", "BGTVT", "BLĐTBXH", "BNNPTNT", "BKHCN",
    "VPCP", "TANDTC", "VKSNDTC", "BNNMT", "BDTTG", "KTNN",  "UBTVQH",  "BTTTT",   "CT"};
bool CompletesSign(std::string_view segment, std::string_view after) {
  for (auto s : kSigns)
    if (segment == s) return true;
  for (std::string_view w : {"ngày", "của", "về ", "và ", "năm", "quy định", "hướng dẫn"})
    if (after.starts_with(w)) return true;
  return false;
}

// A legal document number starting at `pos` (a digit not preceded by a digit): digits, an
// optional ".7"/".a"/"b" part, "/", an optional year and "/", then the issuer's sign in capitals
// ("NĐ-CP", "QH13", "QĐ-TTg", "TTLT-BTTTT-BQP-BCA"). Returns its end, or npos.
size_t NumberEnd(std::string_view s, size_t pos) {
  size_t i = pos;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i < s.size() - 1 && s[i] == '.' &&
      (IsDigit(s[i + 1]) || (s[i + 1] >= 'a' && s[i + 1] <= 'z'))) {
    i += 2;
    while (i < s.size() && IsDigit(s[i])) ++i;
  } else if (i < s.size() && s[i] >= 'a' && s[i] <= 'z' && i + 1 < s.size() && s[i + 1] == '/') {
    ++i;
  }
  if (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || s[i] != '/') return std::string_view::npos;
  ++i;
  if (i + 5 <= s.size() && std::all_of(s.begin() + i, s.begin() + i + 4, IsDigit) &&
      s[i + 4] == '/') {
    i += 5;
  } else if (i + 4 <= s.size() && std::all_of(s.begin() + i, s.begin() + i + 4, IsDigit) &&
             (i + 4 == s.size() || UpperAt(s, i + 4)) && (pos == 0 || s[pos - 1] != '/')) {
    return i + 4;  // "…chuỗi giá trị24/2024": a number and year with no sign, ending an item
  }
  // The sign: segments of capitals (and digits) joined by '-'.
  size_t sign_start = i;
  while (i < s.size()) {
    size_t seg = i;
    while (i < s.size() && UpperAt(s, i) &&
           (static_cast<unsigned char>(s[i]) < 0x80 || At(s, i, "Đ"))) {
      size_t next = i + CharLen(s, i);
      // A capital followed by a small letter starts the next title's first word ("…CPNghị"),
      // unless it completes a known sign ("…TT-BCAngày", "…NĐ-CPhướng dẫn").
      if (LowerAt(s, next)) {
        // The Prime Minister's sign "TTg".
        if (s[i] == 'T' && i > seg && s[i - 1] == 'T' && s[next] == 'g' && !LowerAt(s, next + 1)) {
          i = next + 1;
          break;
        }
        if (!CompletesSign(s.substr(seg, next - seg), s.substr(next))) break;
      }
      i = next;
    }
    if (i == seg) break;
    // A title in capitals may follow at once ("…TT-BCASỬA ĐỔI"): signs have no Vietnamese
    // capitals but Đ, and end at the longest known sign.
    {
      std::string_view segment = s.substr(seg, i - seg);
      bool known = false;
      for (auto k : kSigns) known = known || segment == k;
      size_t j = i;
      if (!known && j < s.size() && UpperAt(s, j) && static_cast<unsigned char>(s[j]) >= 0x80 &&
          !At(s, j, "Đ")) {
        for (auto k : kSigns)
          if (segment.starts_with(k) && k.size() < segment.size() && (i - seg) - k.size() <= 3) {
            i = seg + k.size();
            break;
          }
      }
    }
    // Digits ending a sign ("QH13", "NHNN7"). When a number follows at once, the title's number
    // is repeated as the code ("Luật 60/2014/QH1360/2014/QH13"): the split that makes both equal.
    size_t d = i;
    while (d < s.size() && IsDigit(s[d])) ++d;
    if (d > i) {
      bool number_follows =
          d < s.size() && (s[d] == '/' || s[d] == ' ' || s[d] == '.' ||
                           (s[d] >= 'a' && s[d] <= 'z' && d + 1 < s.size() && s[d + 1] == '/'));
      if (!number_follows) {
        i = d;
      } else {
        size_t keep = i;
        for (size_t k = i; k <= d; ++k) {
          size_t next_end = NumberEnd(s, k);
          if (next_end != std::string_view::npos &&
              s.substr(k, next_end - k) == s.substr(pos, k - pos)) {
            keep = k;
            break;
          }
          if (k == d) keep = s.substr(i - 2, 2) == "QH" ? std::min(d, i + 2) : i;
        }
        i = keep;
      }
    }
    if (i < s.size() && s[i] == '-' && UpperAt(s, i + 1)) {
      ++i;
      continue;
    }
    break;
  }
  if (i == sign_start) return std::string_view::npos;
  return i;
}

// Whether what follows a number starts the next document's title (or ends the table).
bool EndsItem(std::string_view s, size_t start, size_t end) {
  if (end >= s.size()) return true;
  // A number right after it: the title named the number and the code repeats it ("Luật
  // 60/2014/QH1360/2014/QH13"); a different number is the next document's.
  if (IsDigit(s[end])) {
    size_t next = NumberEnd(s, end);
    return next == std::string_view::npos ||
           s.substr(end, next - end) != s.substr(start, end - start);
  }
  if (UpperAt(s, end)) return true;
  // The next title may start with a small letter ("…18/2026/NĐ-CPquy định mức thu…"), but not
  // with the words that continue a title ("…53/2025/TT-BCAngày 01/7/2025").
  if (LowerAt(s, end)) {
    for (std::string_view w : {"ngày", "của", "năm", "và "})
      if (s.substr(end).starts_with(w)) return false;
    return true;
  }
  size_t k = end;
  while (k < s.size() && (s[k] == ' ' || s[k] == '.')) ++k;
  return k > end && (k >= s.size() || UpperAt(s, k));
}

}  // namespace

std::string LegalNumberCore(std::string_view number) {
  for (size_t i = 0; i < number.size(); ++i) {
    if (!IsDigit(number[i]) || (i > 0 && IsDigit(number[i - 1]))) continue;
    size_t end = NumberEnd(number, i);
    if (end == std::string_view::npos) continue;
    std::string core(number.substr(i, end - i));
    std::erase(core, ' ');
    return core;
  }
  return std::string(Trim(number));
}

std::vector<LegalBasis> ParseLegalBases(std::string_view text, const std::string& code,
                                        std::vector<ParseProblem>& report) {
  const std::string field = "legal_bases";
  std::vector<LegalBasis> out;
  std::string_view t = Trim(text);
  if (t.empty() || t.starts_with(kNoInfo)) {
    Report(report, code, field, text, "legal_bases_not_published", false);
    return out;
  }
  if (!t.starts_with(kLegalHeader)) {
    Report(report, code, field, text, "table_header_missing");
    return out;
  }
  std::string_view body = t.substr(kLegalHeader.size());
  // The crawl sometimes runs the next section ("Cơ quan thực hiện…") into this cell.
  if (size_t spill = body.find("Cơ quan thực hiện"); spill != std::string_view::npos) {
    Report(report, code, field, body.substr(spill), "next_section_ignored", false);
    body = body.substr(0, spill);
  }
  size_t item_start = 0;
  size_t last_end = std::string_view::npos;  // a number may start right where one ended
  for (size_t i = 0; i < body.size(); ++i) {
    if (!IsDigit(body[i]) || (i > 0 && IsDigit(body[i - 1]) && i != last_end)) continue;
    size_t end = NumberEnd(body, i);
    if (end == std::string_view::npos) continue;
    if (!EndsItem(body, i, end)) {
      last_end = end;
      i = end - 1;
      continue;
    }
    // "Luật Khiếu nại năm 201102/2011/QH13": a year ending the title runs into the number.
    size_t start = i;
    size_t run = i;
    while (run < body.size() && IsDigit(body[run])) ++run;
    if (run - start > 4 && (At(body, start, "19") || At(body, start, "20"))) start += 4;
    std::string_view title = Trim(body.substr(item_start, start - item_start));
    std::string number(body.substr(start, end - start));
    std::erase(number, ' ');
    out.push_back({number, std::string(title)});
    size_t k = end;
    while (k < body.size() && (body[k] == ' ' || body[k] == '.')) ++k;
    item_start = k;
    i = k == 0 ? 0 : k - 1;
  }
  std::string_view rest = Trim(body.substr(std::min(item_start, body.size())));
  if (!rest.empty()) {
    // A last document whose code cell is empty: its number is the one its title names first.
    std::string core = LegalNumberCore(rest);
    if (core != rest && !core.empty()) {
      out.push_back({core, std::string(rest)});
      Report(report, code, field, rest, "legal_number_from_title", false);
    } else {
      Report(report, code, field, rest, "legal_basis_unreadable");
    }
  }
  if (out.empty() && rest.empty()) Report(report, code, field, text, "legal_bases_empty", false);
  return out;
}

namespace {

struct CountToken {
  size_t start;  // first digit
  size_t end;    // after the token
  int originals = 0;
  int copies = 0;
};

// "1 bản chính", "0 bản chính,1 bản sao", "2 bản sao" at `q` (the space before "bản"): digits
// before it; followed by the end or the next item, not by more words of a sentence.
std::optional<CountToken> CountAt(std::string_view s, size_t q) {
  constexpr std::string_view kOriginal = " bản chính";
  constexpr std::string_view kCopy = " bản sao";
  bool original = At(s, q, kOriginal);
  if (!original && !At(s, q, kCopy)) return std::nullopt;
  size_t k = q;
  while (k > 0 && IsDigit(s[k - 1])) --k;
  if (k == q) return std::nullopt;
  // A title ending in digits runs into the count ("mẫu số 021 bản chính"): a count is one or two
  // digits, so longer runs keep their last digit.
  size_t digits = q - k;
  if (digits > 2) k = q - 1;
  CountToken t{k, q + (original ? kOriginal : kCopy).size()};
  int n = std::stoi(std::string(s.substr(k, q - k)));
  (original ? t.originals : t.copies) = n;
  if (original && At(s, t.end, ",")) {
    size_t d = t.end + 1;
    size_t e = d;
    while (e < s.size() && IsDigit(s[e])) ++e;
    if (e > d && At(s, e, kCopy)) {
      t.copies = std::stoi(std::string(s.substr(d, e - d)));
      t.end = e + kCopy.size();
    }
  }
  if (t.end < s.size()) {
    char c = s[t.end];
    // A count right after it is the real count ("…: 01 bản chính1 bản chính"); a small letter
    // continues a sentence, except an item's own numbering ("a) …").
    size_t e = t.end;
    while (e < s.size() && IsDigit(s[e])) ++e;
    bool count_follows = e > t.end && (At(s, e, kOriginal) || At(s, e, kCopy));
    bool numbering =
        LowerAt(s, t.end) && t.end + 1 < s.size() && (s[t.end + 1] == ')' || s[t.end + 1] == '.');
    // After a space or ';' the next item starts with a list mark or a capital, not a word.
    size_t n = t.end;
    while (n < s.size() && (s[n] == ' ' || s[n] == ';')) ++n;
    bool next_item = n < s.size() && n > t.end && !LowerAt(s, n);
    if (((c == ' ' || c == ';') && !next_item) || c == ',' || c == ')' || count_follows ||
        (LowerAt(s, t.end) && !numbering))
      return std::nullopt;
  }
  return t;
}

constexpr std::string_view kFormExtensions[] = {".docx", ".doc", ".pdf", ".xlsx", ".xls",
                                                ".odt",  ".rar", ".zip", ".jpg",  ".png"};

bool EndsWithExtension(std::string_view s, size_t* ext_len) {
  for (auto e : kFormExtensions) {
    if (s.size() < e.size()) continue;
    std::string tail(s.substr(s.size() - e.size()));
    for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tail == e) {
      *ext_len = e.size();
      return true;
    }
  }
  return false;
}

bool FileNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '.' ||
         c == '-' || c == '(' || c == ')';
}

// Splits the form files (mẫu đơn, tờ khai: "…BCA).1.MuCT01banhnh (5).doc") off the end of an
// item's text. Returns the files, oldest first; `name` keeps the rest.
std::vector<std::string> SplitForms(std::string_view& name) {
  std::vector<std::string> files;
  size_t ext = 0;
  while (EndsWithExtension(name, &ext)) {
    size_t i = name.size() - ext;
    while (i > 0 &&
           (FileNameChar(name[i - 1]) || (name[i - 1] == ' ' && i < name.size() && name[i] == '(')))
      --i;
    std::string_view file = name.substr(i);
    // The item's own text often ends with ")." or ";" before the file name starts.
    size_t cut = file.find(").");
    if (cut != std::string_view::npos && cut + 2 < file.size() - ext) file.remove_prefix(cut + 2);
    // Several files run together: "a.docb.pdf" → the last one is what is left after the
    // previous extension.
    for (auto e : kFormExtensions) {
      size_t p = file.rfind(e, file.size() - ext - 1);
      if (p != std::string_view::npos && p + e.size() < file.size() - ext && p > 0) {
        file.remove_prefix(p + e.size());
        break;
      }
    }
    if (file.size() <= ext) break;
    files.insert(files.begin(), std::string(file));
    name.remove_suffix(file.size());
  }
  return files;
}

}  // namespace

std::vector<Component> ParseComponents(std::string_view text, const std::string& code,
                                       std::vector<ParseProblem>& report) {
  const std::string field = "components";
  std::vector<Component> out;
  std::string_view t = Trim(text);
  if (t.empty() || t == kNoInfo) {
    Report(report, code, field, text, "components_not_published", false);
    return out;
  }
  if (t.find_first_not_of('-') == std::string_view::npos) {
    Report(report, code, field, text, "components_not_published", false);
    return out;
  }
  if (t.find(kComponentsHeader) == std::string_view::npos) {
    Report(report, code, field, text, "table_header_missing");
    return out;
  }
  size_t item_start = 0;
  for (size_t q = 0; q < t.size(); ++q) {
    if (t[q] != ' ') continue;
    auto tok = CountAt(t, q);
    if (!tok) continue;
    std::string_view item = t.substr(item_start, tok->start - item_start);
    // A group heading and the table header may precede the first item of a group.
    size_t header = item.rfind(kComponentsHeader);
    if (header != std::string_view::npos) item.remove_prefix(header + kComponentsHeader.size());
    auto files = SplitForms(item);
    Component c;
    c.name = std::string(Trim(item));
    c.originals = tok->originals;
    c.copies = tok->copies;
    for (size_t f = 0; f < files.size(); ++f) c.template_name += (f ? "; " : "") + files[f];
    if (c.name.empty()) {
      Report(report, code, field, t.substr(item_start, tok->end - item_start),
             "component_name_missing");
    } else {
      out.push_back(std::move(c));
    }
    item_start = tok->end;
    q = tok->end - 1;
  }
  std::string_view rest = Trim(t.substr(item_start));
  // What is left is nothing, a trailing table header with no rows, or a last paper whose number
  // of copies the page does not give: kept with 0/0 and reported.
  if (!rest.empty() && !rest.ends_with(kComponentsHeader)) {
    size_t header = rest.rfind(kComponentsHeader);
    if (header != std::string_view::npos) rest.remove_prefix(header + kComponentsHeader.size());
    Component c;
    c.name = std::string(Trim(rest));
    if (c.name.empty() || c.name == "+" || c.name == "-") {
      Report(report, code, field, rest, "component_unreadable");
    } else {
      Report(report, code, field, rest, "component_count_missing", false);
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<ProcedureLevel> ParseLevels(std::string_view text, const std::string& code,
                                        std::vector<ParseProblem>& report) {
  std::vector<ProcedureLevel> out;
  std::string_view t = Trim(text);
  size_t start = 0;
  while (start <= t.size()) {
    size_t comma = t.find(',', start);
    std::string_view part =
        Trim(t.substr(start, comma == std::string_view::npos ? t.npos : comma - start));
    if (part == "Cấp bộ") {
      out.push_back(ProcedureLevel::kCentral);
    } else if (part == "Cấp tỉnh") {
      out.push_back(ProcedureLevel::kProvince);
    } else if (part == "Cấp xã") {
      out.push_back(ProcedureLevel::kCommune);
    } else if (part == "Cấp huyện") {
      out.push_back(ProcedureLevel::kLegacyDistrict);
    } else if (part == "Cơ quan khác") {
      Report(report, code, "level", text, "level_other_agency", false);
    } else if (!part.empty()) {
      Report(report, code, "level", text, "level_unknown");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (t.empty()) Report(report, code, "level", text, "level_not_published", false);
  return out;
}

namespace {

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().as_string());
}

Status RowInvalid(std::string_view member, std::string_view why) {
  return Status::Validation("invalid_field", std::string(member),
                            fmt::format("Dòng danh mục không hợp lệ: {}.", why),
                            fmt::format("Invalid catalogue line: {}.", why));
}

Result<std::vector<std::string>> StringList(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) return RowInvalid(key, "phải là danh sách chuỗi");
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string()) return RowInvalid(key, "phải là danh sách chuỗi");
    out.emplace_back(v.as_string());
  }
  return out;
}

// "Công dân Việt Nam", "Người nước ngoài" → citizen; "Doanh nghiệp", "Tổ chức", "Hợp tác xã" →
// organisation. Others (e.g. "Cán bộ, công chức") are kept only as published.
void MapApplicants(const std::vector<std::string>& names, std::vector<std::string>& out) {
  bool citizen = false;
  bool organisation = false;
  for (const auto& n : names) {
    if (n.starts_with("Công dân") || n.starts_with("Người") || n.starts_with("Cá nhân"))
      citizen = true;
    if (n.starts_with("Doanh nghiệp") || n.starts_with("Tổ chức") || n.starts_with("Hợp tác xã") ||
        n.starts_with("Cơ quan"))
      organisation = true;
  }
  out.clear();
  if (citizen) out.push_back("citizen");
  if (organisation) out.push_back("organisation");
}

std::vector<std::string> SplitList(std::string_view text) {
  // "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam": commas outside parentheses.
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] == '(') ++depth;
    if (i < text.size() && text[i] == ')') --depth;
    if (i == text.size() || (text[i] == ',' && depth == 0)) {
      std::string_view part = Trim(text.substr(start, i - start));
      if (!part.empty()) out.emplace_back(part);
      start = i + 1;
    }
  }
  return out;
}

// "Bước 1: …\nBước 2: …" → one step each; otherwise the whole text is one step.
std::vector<std::string> SplitSteps(std::string_view text) {
  std::vector<std::string> out;
  std::string_view t = Trim(text);
  if (t.empty() || t == kNoInfo) return out;
  std::vector<size_t> starts;
  for (size_t p = t.find("Bước "); p != std::string_view::npos; p = t.find("Bước ", p + 1)) {
    size_t d = p + std::string_view("Bước ").size();
    bool line_start = p == 0 || t[p - 1] == '\n';
    if (line_start && d < t.size() && IsDigit(t[d])) starts.push_back(p);
  }
  if (starts.empty() || starts[0] != 0) starts.insert(starts.begin(), 0);
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t end = i + 1 < starts.size() ? starts[i + 1] : t.size();
    std::string_view s = Trim(t.substr(starts[i], end - starts[i]));
    if (!s.empty()) out.emplace_back(s);
  }
  return out;
}

// "Quyết định …Mã: KQ.G01.00262Thẻ căn cướcMã: KQ.G01.000023" → the results' names.
std::string ResultNames(std::string_view text) {
  std::string out;
  std::string_view t = Trim(text);
  size_t start = 0;
  while (start < t.size()) {
    size_t mark = t.find("Mã: ", start);
    std::string_view name = Trim(t.substr(start, mark == t.npos ? t.npos : mark - start));
    if (!name.empty()) out += (out.empty() ? "" : "; ") + std::string(name);
    if (mark == t.npos) break;
    // The result code ends where the next name starts: a capital followed by a small letter.
    size_t k = mark + std::string_view("Mã: ").size();
    while (k < t.size() && !(UpperAt(t, k) && LowerAt(t, k + CharLen(t, k))) &&
           (static_cast<unsigned char>(t[k]) < 0x80) && t[k] != ' ')
      ++k;
    start = k;
  }
  return out;
}

std::optional<Channel> ChannelOfMethod(std::string_view m) {
  if (m == "ONLINE") return Channel::kOnline;
  if (m == "POSTAL") return Channel::kPostal;
  if (m == "DIRECT") return Channel::kInPerson;
  return std::nullopt;
}

std::optional<TimeLimit> LimitOfStructured(const json::value* processing, const std::string& code,
                                           std::string_view field,
                                           std::vector<ParseProblem>& report) {
  if (!processing || !processing->is_object()) return TimeLimit{TimeLimit::Unit::kNotPublished, 0};
  const auto& p = processing->as_object();
  std::string unit = Str(p, "unit");
  int qty = 0;
  if (auto it = p.find("qty"); it != p.end()) {
    const json::value& q = it->value();
    if (q.is_int64()) {
      qty = static_cast<int>(q.as_int64());
    } else if (q.is_double()) {
      qty = static_cast<int>(q.as_double());
    } else if (q.is_string() && !q.as_string().empty() && q.as_string().size() < 6 &&
               std::all_of(q.as_string().begin(), q.as_string().end(), IsDigit)) {
      qty = std::stoi(std::string(q.as_string()));  // some records give "1"
    } else if (!q.is_null()) {
      // A limit in words ("Theo mô tả", "Thực hiện trong ngày làm việc…") with no unit is
      // published that way: kept as not published; with a unit it cannot be read.
      bool words = unit == "OTHER" || unit.empty();
      Report(report, code, std::string(field), json::serialize(p),
             words ? "time_in_words" : "time_unreadable", !words);
      if (words) return TimeLimit{TimeLimit::Unit::kNotPublished, 0};
      return std::nullopt;
    }
  }
  if (unit == "WORKING_DAY") return TimeLimit{TimeLimit::Unit::kWorkingDays, qty};
  if (unit == "DAY") return TimeLimit{TimeLimit::Unit::kCalendarDays, qty};
  if (unit == "HOUR") return TimeLimit{TimeLimit::Unit::kWorkingHours, qty};
  if (unit == "MONTH") return TimeLimit{TimeLimit::Unit::kMonths, qty};
  if (unit == "OTHER" || unit.empty()) {
    Report(report, code, std::string(field), json::serialize(p), "time_unit_missing", false);
    return TimeLimit{TimeLimit::Unit::kNotPublished, qty};
  }
  Report(report, code, std::string(field), json::serialize(p), "unit_unknown");
  return std::nullopt;
}

// Adds a fee, merging it into an equal one of another channel.
void AddFee(std::vector<Fee>& fees, Fee f) {
  for (auto& e : fees) {
    Fee probe = e;
    probe.channels = f.channels;
    if (probe == f) {
      for (Channel c : f.channels)
        if (std::find(e.channels.begin(), e.channels.end(), c) == e.channels.end())
          e.channels.push_back(c);
      return;
    }
  }
  fees.push_back(std::move(f));
}

void ApplyChannels(Procedure& p, const std::vector<ChannelRow>& rows) {
  for (const auto& r : rows) {
    if (std::find(p.channels.begin(), p.channels.end(), r.channel) == p.channels.end())
      p.channels.push_back(r.channel);
    p.channel_time_limits.push_back({r.channel, r.limit, r.description});
    AddFee(p.fees, r.fee);
  }
  // The general limit: the one at the counter, else the first published.
  p.time_limit = {TimeLimit::Unit::kNotPublished, 0};
  for (const auto& r : rows)
    if (r.channel == Channel::kInPerson) p.time_limit = r.limit;
  if (!p.time_limit.Published())
    for (const auto& r : rows)
      if (r.limit.Published()) {
        p.time_limit = r.limit;
        break;
      }
  bool online = false;
  for (Channel c : p.channels) {
    if (c == Channel::kOnline) online = true;
    if (c == Channel::kPostal) p.postal_submission = true;
  }
  // The portal lists the online channel; whether it is end-to-end is not published.
  p.online_level = online ? OnlineLevel::kPartial : OnlineLevel::kNone;
}

void ApplyStructured(Procedure& p, const json::object& s, bool channels_too,
                     std::vector<ParseProblem>& report) {
  if (channels_too) {
    std::vector<ChannelRow> rows;
    if (auto it = s.find("channels"); it != s.end() && it->value().is_array()) {
      for (const auto& cv : it->value().as_array()) {
        if (!cv.is_object()) continue;
        const auto& c = cv.as_object();
        auto ch = ChannelOfMethod(Str(c, "method"));
        if (!ch) {
          Report(report, p.code, "channels", Str(c, "method"), "channel_unknown");
          continue;
        }
        ChannelRow row;
        row.channel = *ch;
        auto pit = c.find("processing");
        auto limit = LimitOfStructured(pit == c.end() ? nullptr : &pit->value(), p.code,
                                       "channels.processing", report);
        row.limit = limit.value_or(TimeLimit{TimeLimit::Unit::kNotPublished, 0});
        row.description = Str(c, "note");
        row.fee.name = "Phí, lệ phí";
        row.fee.not_published = true;
        if (auto fit = c.find("fees");
            fit != c.end() && fit->value().is_array() && !fit->value().as_array().empty()) {
          // The page shows a channel's first fee; the others are added as fees of their own.
          bool first = true;
          for (const auto& fv : fit->value().as_array()) {
            if (!fv.is_object()) continue;
            const auto& fo = fv.as_object();
            Fee f;
            f.name = Str(fo, "type") == "FEE" ? "Phí" : "Lệ phí";
            if (auto vit = fo.find("value_vnd"); vit != fo.end() && vit->value().is_number())
              f.amount = static_cast<int64_t>(vit->value().to_number<double>());
            f.description = std::string(Trim(Str(fo, "text")));
            if (f.amount == 0 && f.description.empty()) f.not_published = true;
            MarkFee(f);
            f.channels = {*ch};
            if (first) {
              row.fee = f;
              first = false;
            } else {
              AddFee(p.fees, f);
            }
          }
        }
        rows.push_back(std::move(row));
      }
    }
    ApplyChannels(p, rows);
    if (auto it = s.find("legal_basis"); it != s.end() && it->value().is_array())
      for (const auto& lv : it->value().as_array())
        if (lv.is_object())
          p.legal_documents.push_back(
              {Str(lv.as_object(), "code"), std::string(Trim(Str(lv.as_object(), "name")))});
    if (auto it = s.find("checklist_raw"); it != s.end() && it->value().is_array())
      for (const auto& gv : it->value().as_array()) {
        if (!gv.is_object()) continue;
        auto iit = gv.as_object().find("items");
        if (iit == gv.as_object().end() || !iit->value().is_array()) continue;
        for (const auto& item : iit->value().as_array()) {
          if (!item.is_object()) continue;
          const auto& io = item.as_object();
          Component c;
          c.name = std::string(Trim(Str(io, "name")));
          if (auto q = io.find("original_qty"); q != io.end() && q->value().is_int64())
            c.originals = static_cast<int>(q->value().as_int64());
          if (auto q = io.find("copy_qty"); q != io.end() && q->value().is_int64())
            c.copies = static_cast<int>(q->value().as_int64());
          if (!c.name.empty()) p.components.push_back(std::move(c));
        }
      }
    if (auto it = s.find("steps_raw"); it != s.end() && it->value().is_array())
      for (const auto& sv : it->value().as_array())
        if (sv.is_object()) {
          std::string name = Str(sv.as_object(), "name");
          std::string text(Trim(Str(sv.as_object(), "text")));
          std::string step = name.empty() ? text : name + ": " + text;
          if (!step.empty()) p.steps.push_back(std::move(step));
        }
    if (auto it = s.find("results"); it != s.end() && it->value().is_array()) {
      std::string r;
      for (const auto& v : it->value().as_array())
        if (v.is_string()) r += (r.empty() ? "" : "; ") + std::string(v.as_string());
      p.result = r;
    }
    p.conditions = std::string(Trim(Str(s, "requirements")));
    if (auto it = s.find("source"); it != s.end() && it->value().is_object())
      p.source_url = Str(it->value().as_object(), "url");
  }
  if (auto it = s.find("processing_cases"); it != s.end() && it->value().is_array())
    for (const auto& cv : it->value().as_array()) {
      if (!cv.is_object()) continue;
      const auto& c = cv.as_object();
      json::value proc = json::object{{"qty", c.contains("qty") ? c.at("qty") : json::value()},
                                      {"unit", c.contains("unit") ? c.at("unit") : json::value()}};
      auto limit = LimitOfStructured(&proc, p.code, "processing_cases", report);
      CaseTimeLimit cl;
      cl.case_code = Str(c, "case_code");
      cl.limit = limit.value_or(TimeLimit{TimeLimit::Unit::kNotPublished, 0});
      if (cl.case_code.empty()) {
        Report(report, p.code, "processing_cases", json::serialize(c), "case_code_missing");
        continue;
      }
      p.case_time_limits.push_back(std::move(cl));
    }
}

}  // namespace

Result<NationalCatalogueRow> ParseNationalCatalogueRow(std::string_view line) {
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object())
    return Status::Validation("malformed_line", "line",
                              "Dòng danh mục không phải một đối tượng JSON.",
                              "The catalogue line is not a JSON object.");
  const auto& o = v.as_object();
  NationalCatalogueRow row;
  row.code = Str(o, "code");
  if (!ValidateProcedureCode(row.code).ok()) return RowInvalid("code", "mã thủ tục không hợp lệ");
  row.name = std::string(Trim(Str(o, "name")));
  if (row.name.empty()) return RowInvalid("name", "thiếu tên thủ tục");
  MOTCUA_ASSIGN_OR_RETURN(row.fields, StringList(o, "fields"));
  MOTCUA_ASSIGN_OR_RETURN(row.agencies, StringList(o, "agencies"));
  MOTCUA_ASSIGN_OR_RETURN(row.applicants, StringList(o, "applicants"));
  row.promulgated_by = std::string(Trim(Str(o, "promulgated_by")));
  std::string scope = Str(o, "scope");
  if (scope == "province-specific") {
    row.province_specific = true;
    if (row.promulgated_by.empty()) return RowInvalid("promulgated_by", "thiếu cơ quan công bố");
  } else if (scope != "national") {
    return RowInvalid("scope", "phạm vi phải là national hoặc province-specific");
  }
  row.state = Str(o, "state");
  return row;
}

Procedure NationalProcedure(const NationalCatalogueRow& row, const json::object* detail,
                            const json::object* structured, const std::string& effective_from,
                            std::vector<ParseProblem>& report) {
  Procedure p;
  p.source = "national";
  p.code = row.code;
  p.name = row.name;
  p.field_name = row.fields.empty() ? std::string() : row.fields[0];
  for (size_t i = 1; i < row.fields.size(); ++i) p.field_name += "; " + row.fields[i];
  // The portal gives no field codes; the name is the field's key in this catalogue.
  p.field_code = p.field_name;
  p.agency_names = row.agencies;
  p.promulgated_by = row.promulgated_by;
  p.province_specific = row.province_specific;
  p.applicant_names = row.applicants;
  MapApplicants(row.applicants, p.applicants);
  p.competent_agency = !row.agencies.empty() ? row.agencies[0] : row.promulgated_by;
  p.effective_from = effective_from;
  p.time_limit = {TimeLimit::Unit::kNotPublished, 0};
  p.verified = true;  // as published by the national database, read by this importer
  if (detail) {
    const auto& d = *detail;
    p.levels = ParseLevels(Str(d, "level"), p.code, report);
    if (!p.levels.empty()) p.level = p.levels.front();
    std::string competent = std::string(Trim(Str(d, "competent_agency")));
    if (!competent.empty()) p.competent_agency = competent;
    p.decision = Str(d, "decision");
    p.source_url = Str(d, "source_url");
    p.conditions = std::string(Trim(Str(d, "conditions")));
    if (p.conditions == kNoInfo) p.conditions.clear();
    p.steps = SplitSteps(Str(d, "steps"));
    p.result = ResultNames(Str(d, "result"));
    if (p.applicant_names.empty()) {
      p.applicant_names = SplitList(Str(d, "applicants"));
      MapApplicants(p.applicant_names, p.applicants);
    }
    ApplyChannels(p, ParseChannelsTimeFees(Str(d, "channels_time_fees"), p.code, report));
    p.legal_documents = ParseLegalBases(Str(d, "legal_bases"), p.code, report);
    std::string components = Str(d, "components");
    std::string_view ct = Trim(components);
    bool has_table = ct.find(kComponentsHeader) != std::string_view::npos;
    bool blank = ct.empty() || ct == kNoInfo || ct.find_first_not_of('-') == std::string_view::npos;
    const std::string steps_cell = Str(d, "steps");
    std::string_view steps = Trim(steps_cell);
    if (!has_table && !blank && !steps.empty() && !steps.ends_with(".")) {
      // The page's steps were cut at a link ("…theo quy định tại mục"): what the crawl put in
      // the components cell is the rest of the steps; no components table was published.
      p.steps = SplitSteps(std::string(steps) + " " + std::string(ct));
      Report(report, p.code, "components", ct, "components_cell_holds_steps", false);
    } else {
      p.components = ParseComponents(components, p.code, report);
    }
    if (structured) ApplyStructured(p, *structured, false, report);
  } else if (structured) {
    ApplyStructured(p, *structured, true, report);
  }
  for (const auto& l : p.legal_documents)
    p.legal_bases.push_back(l.title.empty() ? l.number : l.title + " (" + l.number + ")");
  // A limit of 0 (or beyond any legal limit) in a real unit is not a limit: not published.
  auto sane = [&](TimeLimit& l, std::string_view where) {
    if (!l.Published() || l.unit == TimeLimit::Unit::kSameDay) return;
    if (l.amount > 0 && l.amount <= 2000) return;
    Report(report, p.code, std::string(where), l.LabelVi(), "time_out_of_range");
    l = {TimeLimit::Unit::kNotPublished, 0};
  };
  sane(p.time_limit, "time_limit");
  for (auto& c : p.channel_time_limits) sane(c.limit, "channels_time_fees");
  for (auto& c : p.case_time_limits) sane(c.limit, "processing_cases");
  if (p.competent_agency.empty()) p.competent_agency = "Chưa công bố";
  return p;
}

bool PromulgatedByProvince(std::string_view promulgated_by, std::string_view province) {
  auto strip = [](std::string_view s) {
    s = Trim(s);
    for (std::string_view prefix :
         {"Trung tâm phục vụ hành chính công ", "UBND ", "Ủy ban nhân dân ", "tỉnh ", "Tỉnh ",
          "Thành phố ", "thành phố "}) {
      if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
    }
    // "Sở Xây dựng - tỉnh Quảng Ngãi"
    size_t dash = s.rfind(" - ");
    if (dash != std::string_view::npos) {
      s.remove_prefix(dash + 3);
      for (std::string_view prefix : {"tỉnh ", "Tỉnh ", "Thành phố ", "thành phố "})
        if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
    }
    return Trim(s);
  };
  std::string_view a = strip(promulgated_by);
  std::string_view b = strip(province);
  return !a.empty() && a == b;
}

}  // namespace motcua::domain
