#include "domain/index766.h"

#include <cmath>

namespace motcua::domain {
namespace {

// max × num / den rounded to 0.01 points; full points when the denominator is 0 (nothing to
// judge, nothing done wrong).
double Share(double max, int64_t num, int64_t den) {
  if (den <= 0) return max;
  double v = max * static_cast<double>(num) / static_cast<double>(den);
  return std::round(v * 100.0) / 100.0;
}

}  // namespace

Index766Result ComputeIndex766(const Index766Input& in) {
  Index766Result r;
  auto add = [&](std::string id, std::string group, std::string name, double max,
                 std::optional<double> pts, std::string formula, std::string reason = {}) {
    r.items.push_back({std::move(id), std::move(group), std::move(name), max, pts,
                       std::move(formula), std::move(reason)});
  };
  // 1. Publicity and transparency (18).
  add("1.1", "publicity", "Thủ tục hành chính được công khai đầy đủ thông tin", 6,
      Share(6, in.procedures_complete, in.procedures), "6 × procedures_complete / procedures");
  add("1.2", "publicity", "Hồ sơ được công khai tiến độ, tra cứu được trực tuyến", 6,
      Share(6, in.dossiers_trackable, in.dossiers_received),
      "6 × dossiers_trackable / dossiers_received");
  add("1.3", "publicity", "Đồng bộ hồ sơ đầy đủ, kịp thời lên Cổng Dịch vụ công quốc gia", 6,
      std::nullopt, "", "no synchronisation with the national portal is recorded yet");
  // 2. Progress and results (20).
  add("2.1", "progress", "Hồ sơ giải quyết trước hạn, đúng hạn", 10,
      Share(10, in.resolved_early_or_on_time, in.resolved),
      "10 × resolved_early_or_on_time / resolved");
  add("2.2", "progress", "Hồ sơ đang giải quyết còn trong hạn", 5,
      Share(5, in.pending - in.pending_overdue, in.pending),
      "5 × (pending − pending_overdue) / pending");
  add("2.3", "progress", "Hồ sơ trễ hạn có văn bản xin lỗi, hẹn lại (Mẫu 04)", 5,
      Share(5, in.late_with_apology, in.late_or_overdue),
      "5 × late_with_apology / late_or_overdue");
  // 3. Digitisation (22).
  add("3.1", "digitisation", "Hồ sơ được số hóa thành phần khi tiếp nhận", 8,
      Share(8, in.dossiers_digitised, in.resolved), "8 × dossiers_digitised / resolved");
  add("3.2", "digitisation", "Kết quả giải quyết được số hóa", 8,
      Share(8, in.results_digitised, in.resolved), "8 × results_digitised / resolved");
  add("3.3", "digitisation", "Khai thác, tái sử dụng dữ liệu đã số hóa", 6, std::nullopt, "",
      "reuse of digitised documents (kho dữ liệu điện tử) is not recorded yet");
  // 4. Online services (12).
  add("4.1", "online", "Thủ tục hành chính cung cấp dịch vụ công trực tuyến", 6,
      Share(6, in.procedures_online, in.procedures), "6 × procedures_online / procedures");
  add("4.2", "online", "Hồ sơ nộp trực tuyến", 6,
      Share(6, in.dossiers_online, in.dossiers_received),
      "6 × dossiers_online / dossiers_received");
  // 5. Online payment (10).
  add("5.1", "payment", "Thủ tục hành chính có thanh toán trực tuyến", 5, std::nullopt, "",
      "no online payment gateway is integrated yet (fees are collected at the counter)");
  add("5.2", "payment", "Giao dịch thanh toán trực tuyến", 5, std::nullopt, "",
      "no payment transactions are recorded yet");
  // 6. Satisfaction (18).
  add("6.1", "satisfaction", "Mức độ hài lòng của người dân, doanh nghiệp", 12,
      in.ratings > 0 ? std::optional<double>(Share(12, in.ratings_satisfied, in.ratings))
                     : std::nullopt,
      "12 × ratings_satisfied / ratings",
      in.ratings > 0 ? "" : "no rating was entered in the period");
  add("6.2", "satisfaction", "Phản ánh, kiến nghị được xử lý đúng hạn", 6,
      Share(6, in.complaints_on_time, in.complaints), "6 × complaints_on_time / complaints");
  for (const auto& s : r.items) {
    if (!s.points) continue;
    r.points += *s.points;
    r.computable_max += s.max_points;
  }
  r.points = std::round(r.points * 100.0) / 100.0;
  if (r.computable_max > 0) r.scaled = std::round(r.points / r.computable_max * 10000.0) / 100.0;
  return r;
}

std::string_view Index766BandName(double s) {
  if (s >= 90) return "excellent";
  if (s >= 80) return "good";
  if (s >= 70) return "fair";
  if (s >= 50) return "average";
  return "weak";
}

std::string_view Index766BandLabelVi(double s) {
  if (s >= 90) return "Xuất sắc";
  if (s >= 80) return "Tốt";
  if (s >= 70) return "Khá";
  if (s >= 50) return "Trung bình";
  return "Yếu";
}

}  // namespace motcua::domain
