#include "forms/e_receipt.h"

#include <fmt/format.h>

#include "forms/form_document.h"
#include "forms/pdf_render.h"

namespace motcua::forms {

std::string GroupThousands(int64_t amount) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return amount < 0 ? "-" + out : out;
}

Result<std::string> RenderEReceiptPdf(const EReceipt& r) {
  FormDocument doc;
  doc.page = kA5Portrait;
  doc.title = "Biên lai thu phí, lệ phí " + r.series + " " + r.number;
  doc.blocks.push_back(HeaderBlock{"", r.parent_agency, r.agency_name, "", r.place_date});
  doc.blocks.push_back(TitleBlock{"BIÊN LAI THU PHÍ, LỆ PHÍ", "(Biên lai điện tử)"});
  doc.blocks.push_back(ParagraphBlock{
      {{"Ký hiệu: ", false}, {r.series, true}, {"    Số: ", false}, {r.number, true}},
      Align::kCenter});
  doc.blocks.push_back(SpacerBlock{4});
  auto line = [&](const std::string& label, const std::string& value) {
    doc.blocks.push_back(ParagraphBlock{{{label + ": ", false}, {value, true}}});
  };
  line("Tên người nộp", r.payer_name);
  line("Hồ sơ", r.dossier_code);
  line("Thủ tục", r.procedure_name);
  TableBlock table;
  table.columns = {{"Nội dung thu", 5, Align::kLeft},
                   {"Số lượng", 1.5, Align::kCenter},
                   {"Số tiền (đồng)", 2, Align::kRight}};
  for (const auto& l : r.lines)
    table.rows.push_back({l.name, l.quantity, GroupThousands(l.amount)});
  table.rows.push_back({"Tổng cộng", "", GroupThousands(r.amount)});
  doc.blocks.push_back(SpacerBlock{4});
  doc.blocks.push_back(std::move(table));
  doc.blocks.push_back(SpacerBlock{4});
  line("Số tiền", GroupThousands(r.amount) + " đồng");
  line("Viết bằng chữ", r.amount_words);
  line("Hình thức thanh toán", r.method);
  if (!r.reference.empty()) line("Mã giao dịch / chứng từ", r.reference);
  line("Thời điểm thu", r.paid_at);
  doc.blocks.push_back(SpacerBlock{6});
  doc.blocks.push_back(QrBlock{
      r.verify_url,
      "Quét mã để kiểm tra biên lai",
      {ParagraphBlock{{{"Biên lai điện tử có giá trị như biên lai giấy. Kiểm tra tính hợp lệ "
                        "tại địa chỉ trong mã QR.",
                        false}}},
       ParagraphBlock{{{"Mã tra cứu: ", false}, {r.check_code, true}}},
       ParagraphBlock{{{"Đơn vị thu: ", false}, {r.agency_name, true}}},
       ParagraphBlock{{{"Người thu: ", false}, {r.collector, false}}}}});
  return RenderPdf(doc);
}

}  // namespace motcua::forms
