#include "forms/register_xlsx.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "forms/form_catalog.h"
#include "forms/forms.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

// Removes the temporary file when the rendering ends, whatever the outcome.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = fmt::format("{}/motcua-register-XXXXXX", dir && *dir ? dir : "/tmp");
    const int fd = mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
    } else {
      close(fd);
    }
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Excel serial date (days since 1899-12-30) of an instant, in Vietnam time.
double ExcelDate(int64_t instant) {
  return static_cast<double>(instant + domain::kVietnamUtcOffsetSeconds) / 86400.0 + 25569.0;
}

}  // namespace

Result<std::string> RenderRegisterXlsx(const FormRequest& request) {
  FormRequest r = request;
  r.kind = FormKind::kRegister;
  const Regime regime = EffectiveRegime(r);
  TempFile file;
  if (file.path().empty()) return Status::Internal("register xlsx: cannot create a temporary file");

  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows are streamed: thousands of rows in little memory
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
  if (!wb) return Status::Internal("register xlsx: workbook_new failed");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Sổ theo dõi hồ sơ");

  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  format_set_align(title, LXW_ALIGN_CENTER);
  lxw_format* centre = workbook_add_format(wb);
  format_set_align(centre, LXW_ALIGN_CENTER);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(head, 0xEEEEEE);
  lxw_format* cell = workbook_add_format(wb);
  format_set_text_wrap(cell);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy hh:mm");
  format_set_border(date, LXW_BORDER_THIN);
  format_set_align(date, LXW_ALIGN_VERTICAL_TOP);

  static constexpr struct {
    const char* title;
    double width;
  } kColumns[] = {
      {"TT", 5},
      {"Mã hồ sơ", 26},
      {"Tên thủ tục hành chính", 40},
      {"Số lượng hồ sơ (bộ)", 9},
      {"Tên cá nhân, tổ chức", 26},
      {"Địa chỉ, số điện thoại", 30},
      {"Cơ quan chủ trì giải quyết", 26},
      {"Nhận hồ sơ", 16},
      {"Hẹn trả kết quả", 16},
      {"Chuyển hồ sơ đến cơ quan giải quyết", 16},
      {"Trả kết quả", 16},
      {"Tình trạng", 12},
      {"Ghi chú", 20},
  };
  constexpr lxw_col_t kLast = std::size(kColumns) - 1;
  for (lxw_col_t c = 0; c <= kLast; ++c) worksheet_set_column(ws, c, c, kColumns[c].width, nullptr);

  // Rows must be written in order in constant-memory mode.
  worksheet_merge_range(ws, 0, 0, 0, kLast, r.header.agency_name.c_str(), centre);
  const std::string heading = fmt::format("{} (Mẫu số {}, {})", FormHeading(regime, r.kind),
                                          *FormNumber(regime, r.kind), InfoOf(regime).legal_basis);
  worksheet_merge_range(ws, 1, 0, 1, kLast, heading.c_str(), title);
  std::string period;
  if (r.register_from && r.register_to)
    period = fmt::format("Từ {} đến {}", DateVi(*r.register_from), DateVi(*r.register_to));
  if (!r.register_book.empty())
    period += (period.empty() ? "" : " - ") + ("Quyển số: " + r.register_book);
  worksheet_merge_range(ws, 2, 0, 2, kLast, period.c_str(), centre);
  constexpr lxw_row_t kHeaderRow = 4;
  worksheet_set_row(ws, kHeaderRow, 45, nullptr);
  for (lxw_col_t c = 0; c <= kLast; ++c)
    worksheet_write_string(ws, kHeaderRow, c, kColumns[c].title, head);
  worksheet_freeze_panes(ws, kHeaderRow + 1, 0);
  worksheet_repeat_rows(ws, kHeaderRow, kHeaderRow);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);

  auto text = [&](lxw_row_t row, lxw_col_t col, const std::string& s) {
    worksheet_write_string(ws, row, col, s.c_str(), cell);
  };
  auto when = [&](lxw_row_t row, lxw_col_t col, const std::optional<int64_t>& t) {
    if (t) {
      worksheet_write_number(ws, row, col, ExcelDate(*t), date);
    } else {
      worksheet_write_blank(ws, row, col, cell);
    }
  };
  lxw_row_t row = kHeaderRow + 1;
  for (size_t i = 0; i < r.register_rows.size(); ++i, ++row) {
    const RegisterRow& x = r.register_rows[i];
    worksheet_write_number(ws, row, 0, static_cast<double>(i + 1), cell);
    text(row, 1, x.dossier_code);
    text(row, 2, x.procedure_name);
    worksheet_write_number(ws, row, 3, x.number_of_sets, cell);
    text(row, 4, x.applicant_name);
    text(row, 5, x.applicant_contact);
    text(row, 6, x.handling_agency);
    when(row, 7, x.received_at);
    when(row, 8, x.due_at);
    when(row, 9, x.transferred_at);
    when(row, 10, x.returned_at);
    text(row, 11,
         x.timeliness ? std::string(domain::TimelinessLabelVi(*x.timeliness)) : std::string());
    text(row, 12, x.note);
  }
  const std::string total = fmt::format("Tổng số: {} hồ sơ.", r.register_rows.size());
  worksheet_write_string(ws, row + 1, 0, total.c_str(), nullptr);

  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    return Status::Internal(fmt::format("register xlsx: {}", lxw_strerror(err)));
  std::ifstream in(file.path(), std::ios::binary);
  if (!in) return Status::Internal("register xlsx: cannot read back the workbook");
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Result<std::string> RenderRegisterPdf(const FormRequest& request) {
  FormRequest r = request;
  r.kind = FormKind::kRegister;
  return RenderFormPdf(r);
}

}  // namespace motcua::forms
