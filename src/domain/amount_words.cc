#include "domain/amount_words.h"

#include <array>
#include <vector>

namespace motcua::domain {
namespace {

constexpr std::array<const char*, 10> kDigits = {"không", "một", "hai", "ba",  "bốn",
                                                 "năm",   "sáu", "bảy", "tám", "chín"};

// Words of one group 0..999; `full`: the group follows a higher one, so "không trăm" and
// "linh" are spelled out.
void Group(int n, bool full, std::vector<std::string>& out) {
  const int h = n / 100, t = (n / 10) % 10, u = n % 10;
  if (h > 0 || full) {
    out.emplace_back(kDigits[h]);
    out.emplace_back("trăm");
  }
  if (t == 0) {
    if (u == 0) return;
    if (h > 0 || full) out.emplace_back("linh");
    out.emplace_back(kDigits[u]);
    return;
  }
  if (t == 1) {
    out.emplace_back("mười");
  } else {
    out.emplace_back(kDigits[t]);
    out.emplace_back("mươi");
  }
  if (u == 0) return;
  if (u == 1 && t >= 2) {
    out.emplace_back("mốt");
  } else if (u == 5) {
    out.emplace_back("lăm");
  } else {
    out.emplace_back(kDigits[u]);
  }
}

}  // namespace

std::string AmountInWordsVi(int64_t amount) {
  std::vector<std::string> words;
  uint64_t v =
      amount < 0 ? static_cast<uint64_t>(-(amount + 1)) + 1 : static_cast<uint64_t>(amount);
  if (amount < 0) words.emplace_back("âm");
  if (v == 0) {
    words.emplace_back("không");
  } else {
    // Groups of three digits, highest first; beyond "tỷ" the scale repeats ("nghìn tỷ").
    std::vector<int> groups;
    for (uint64_t x = v; x > 0; x /= 1000) groups.push_back(static_cast<int>(x % 1000));
    static constexpr std::array<const char*, 4> kScale = {"", "nghìn", "triệu", "tỷ"};
    bool started = false;
    for (size_t i = groups.size(); i-- > 0;) {
      const int g = groups[i];
      if (g == 0) {
        // A whole "tỷ" position keeps its word when lower groups follow ("một nghìn tỷ").
        if (started && i % 3 == 0 && i > 0) words.emplace_back("tỷ");
        continue;
      }
      Group(g, started, words);
      started = true;
      std::string scale = i == 0 ? "" : kScale[i % 3 == 0 ? 3 : i % 3];
      if (!scale.empty()) words.push_back(std::move(scale));
    }
  }
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  // Every first word starts with an ASCII letter.
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out + " đồng";
}

}  // namespace motcua::domain
