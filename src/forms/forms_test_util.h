// Helpers shared by the forms tests (header-only so it stays out of the library): sample
// requests, running poppler / zbar tools, and the artefact directory for rendered pages.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "domain/local_date.h"
#include "forms/form_data.h"

namespace motcua::forms::testing {

// Runs a shell command; returns its stdout (stderr is discarded) and sets *exit_code.
inline std::string RunCommand(const std::string& command, int* exit_code = nullptr) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return out;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = pclose(pipe);
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

inline bool HaveTool(std::string_view tool) {
  int code = 0;
  RunCommand(std::string("command -v ") + std::string(tool), &code);
  return code == 0;
}

// A fresh directory under the system temp directory, removed by the caller if wanted.
inline std::filesystem::path TempDir(std::string_view name) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string("motcua-forms-") + std::string(name) + "-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// tests/artifacts/forms/ in the source tree (gitignored): rendered pages for people to look at.
inline std::filesystem::path ArtifactDir() {
  auto dir = std::filesystem::path(MOTCUA_SOURCE_DIR) / "tests" / "artifacts" / "forms";
  std::filesystem::create_directories(dir);
  return dir;
}

inline void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Whitespace runs (including the line breaks of wrapped text) collapsed to one space.
inline std::string Squeeze(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// 2025-07-14 08:30 and 2024-03-05 14:15, Vietnam time.
inline int64_t At(int y, int m, int d, int hh, int mm) {
  return domain::StartOfLocalDay(domain::LocalDate{y, m, d}) + hh * 3600 + mm * 60;
}

// A complete request of `kind`, received on 14 July 2025 (2025 regime) or on 5 March 2024 (2018).
inline FormRequest SampleRequest(FormKind kind, bool regime_2025) {
  FormRequest r;
  r.kind = kind;
  r.received_at = regime_2025 ? At(2025, 7, 14, 8, 30) : At(2024, 3, 5, 14, 15);
  r.due_at = regime_2025 ? At(2025, 7, 21, 16, 30) : At(2024, 3, 12, 10, 0);
  r.dossier_code = regime_2025 ? "000.00.15.H12-250714-0042" : "000.00.15.H12-240305-0007";
  r.header = {"UBND TỈNH BẾN TRE", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH BẾN TRE",
              regime_2025 ? "0042/TNHS" : "0007/TNHS", "Bến Tre", r.received_at};
  r.applicant = {"Nguyễn Thị Ánh Tuyết", "083190012345",
                 "Số 12, đường Đồng Khởi, phường An Hội, tỉnh Bến Tre", "0912 345 678",
                 "tuyet.nguyen@example.vn"};
  r.procedure_name = "Đăng ký khai sinh có yếu tố nước ngoài";
  r.components = {{"Tờ khai đăng ký khai sinh theo mẫu", 1, 0},
                  {"Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh", 1, 1},
                  {"Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con", 1, 0}};
  r.number_of_sets = 1;
  r.time_limit_text = "05 ngày làm việc";
  r.result_return_place = "Bộ phận Một cửa, Trung tâm Phục vụ hành chính công tỉnh Bến Tre";
  r.register_book = "03/2025";
  r.register_sequence = 42;
  r.lookup_url = "https://dichvucong.bentre.gov.vn/tra-cuu/" + r.dossier_code;
  r.officer = {"Trần Văn Bình", "Chuyên viên", "0275 3822 123"};
  r.signer = {"Lê Minh Đức", "Giám đốc", ""};
  r.reasons = {"Hệ thống liên thông với cơ quan đăng ký cư trú bị gián đoạn"};
  r.missing_items = {"Bản sao Giấy chứng nhận kết hôn của cha, mẹ",
                     "Văn bản ủy quyền có chứng thực"};
  r.new_due_at = regime_2025 ? At(2025, 7, 25, 16, 30) : At(2024, 3, 15, 16, 30);
  r.stop_reason = "Người nộp hồ sơ đề nghị rút hồ sơ";
  r.handling_agency = "Sở Tư pháp tỉnh Bến Tre";
  r.coordinating_agencies = "Công an tỉnh Bến Tre";
  r.hand_overs = {
      {"Trung tâm Phục vụ hành chính công", "Trần Văn Bình",
       "Sở Tư pháp - Phòng Hành chính tư pháp", "Phạm Thu Hà", r.received_at + 3600,
       r.received_at + 86400, domain::Timeliness::kEarly, ""},
      {"Sở Tư pháp - Phòng Hành chính tư pháp", "Phạm Thu Hà", "Trung tâm Phục vụ hành chính công",
       "Trần Văn Bình", r.received_at + 4 * 86400, r.received_at + 5 * 86400,
       domain::Timeliness::kOnTime, "Đã ký duyệt"},
  };
  return r;
}

}  // namespace motcua::forms::testing
