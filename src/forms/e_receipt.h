// Biên lai điện tử: the electronic receipt of a fee paid for a dossier (Decree 11/2020/NĐ-CP
// form of receipts for fees and charges), as PDF with a QR code linking to its public check.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace motcua::forms {

struct EReceiptLine {
  std::string name;      // "Phí cấp bản sao trích lục hộ tịch"
  std::string quantity;  // "2 bản", "1"
  int64_t amount = 0;    // đồng
};

struct EReceipt {
  std::string parent_agency;  // may be empty
  std::string agency_name;    // the collecting unit
  std::string series;         // ký hiệu: "BL25-000.21.01.H99"
  std::string number;         // số: "0000001"
  std::string place_date;     // "Đông Thành, ngày 03 tháng 12 năm 2025"
  std::string payer_name;
  std::string dossier_code;
  std::string procedure_name;
  std::vector<EReceiptLine> lines;
  int64_t amount = 0;
  std::string amount_words;  // "Mười sáu nghìn đồng"
  std::string method;  // "Thanh toán trực tuyến qua cổng thanh toán", "Tiền mặt", "POS"
  std::string reference;   // the gateway's transaction number or the POS slip's number
  std::string paid_at;     // "09:45 03/12/2025"
  std::string verify_url;  // the public check, in the QR code
  std::string check_code;  // its secret (mã tra cứu), printed for those who cannot scan
  std::string collector;   // the officer's name, or "Thu tự động qua cổng thanh toán"
};

// "16.000" (the receipt's digits, dots between thousands).
std::string GroupThousands(int64_t amount);

// The receipt as PDF (A5). Validation from EncodeQr for a bad verify URL; Internal without fonts.
Result<std::string> RenderEReceiptPdf(const EReceipt& receipt);

}  // namespace motcua::forms
