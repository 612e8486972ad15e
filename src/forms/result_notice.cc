#include "forms/result_notice.h"

#include "forms/text_vi.h"

namespace motcua::forms {

FormDocument ResultNoticeDocument(const ResultNoticeData& n) {
  FormDocument doc;
  doc.page = kA4Portrait;
  doc.title = "Thông báo kết quả giải quyết hồ sơ " + n.dossier_code;
  doc.font_size = 12;
  doc.table_font_size = 11;
  doc.blocks.push_back(
      HeaderBlock{"", n.parent_agency, n.agency_name, "", PlaceDateVi(n.place, n.decided_at)});
  doc.blocks.push_back(TitleBlock{"THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "Văn bản điện tử"});
  doc.blocks.push_back(ParagraphBlock{
      {{n.agency_name +
        " thông báo hồ sơ dưới đây đã được giải quyết xong (kết quả: chấp thuận)."}}});
  std::vector<std::vector<std::string>> rows{
      {"Mã hồ sơ", n.dossier_code},
      {"Thủ tục hành chính", n.procedure},
      {"Người nộp hồ sơ", n.applicant_name},
  };
  if (n.received_at > 0) rows.push_back({"Ngày tiếp nhận", DateTimeShort(n.received_at)});
  rows.push_back({"Ngày có kết quả", DateTimeShort(n.decided_at)});
  if (!n.note.empty()) rows.push_back({"Ghi chú", n.note});
  doc.blocks.push_back(TableBlock{{{"Thông tin", 1}, {"Nội dung", 2.4}}, std::move(rows), 0});
  doc.blocks.push_back(SpacerBlock{8});
  std::vector<ParagraphBlock> beside{
      ParagraphBlock{{{"Văn bản này được ký số bởi " + n.agency_name +
                       " (chữ ký số PAdES, chứng thư số của cơ quan)."}}},
      ParagraphBlock{{{"Kiểm tra chữ ký: mở tệp bằng trình đọc PDF có hỗ trợ chữ ký số, hoặc "
                       "dùng lệnh pdfsig; đối chiếu dấu vân tay chứng thư số với trang tra cứu "
                       "hồ sơ."}}},
  };
  if (!n.lookup_url.empty()) {
    doc.blocks.push_back(QrBlock{n.lookup_url, "Tra cứu hồ sơ", std::move(beside)});
  } else {
    for (auto& p : beside) doc.blocks.push_back(std::move(p));
  }
  return doc;
}

}  // namespace motcua::forms
