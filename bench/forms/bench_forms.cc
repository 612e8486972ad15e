// Receipts (Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả) rendered per second on one core:
// the full path the API takes — layout, QR code, PDF with embedded fonts — from a FormRequest.
#include <benchmark/benchmark.h>

#include "domain/local_date.h"
#include "forms/forms.h"

namespace motcua::forms {
namespace {

FormRequest Receipt(int i) {
  FormRequest r;
  r.kind = FormKind::kReceipt;
  r.received_at = domain::StartOfLocalDay({2025, 7, 14}) + 8 * 3600 + i;
  r.due_at = r.received_at + 7 * 86400;
  r.dossier_code = "000.00.15.H12-250714-" + std::to_string(1000 + i % 9000);
  r.header = {"UBND TỈNH BẾN TRE", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH BẾN TRE", "0042/TNHS",
              "Bến Tre", r.received_at};
  r.applicant = {"Nguyễn Thị Ánh Tuyết", "083190012345",
                 "Số 12, đường Đồng Khởi, phường An Hội, tỉnh Bến Tre", "0912 345 678",
                 "tuyet.nguyen@example.vn"};
  r.procedure_name = "Đăng ký khai sinh có yếu tố nước ngoài";
  r.components = {{"Tờ khai đăng ký khai sinh theo mẫu", 1, 0},
                  {"Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh", 1, 1},
                  {"Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con", 1, 0}};
  r.time_limit_text = "05 ngày làm việc";
  r.result_return_place = "Bộ phận Một cửa, Trung tâm Phục vụ hành chính công tỉnh Bến Tre";
  r.register_book = "03/2025";
  r.register_sequence = 42;
  r.lookup_url = "https://dichvucong.bentre.gov.vn/tra-cuu/" + r.dossier_code;
  r.officer = {"Trần Văn Bình", "Chuyên viên", "0275 3822 123"};
  return r;
}

void BM_ReceiptPdf(benchmark::State& state) {
  int i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = RenderFormPdf(Receipt(i++));
    if (!pdf.ok()) {
      state.SkipWithError(pdf.status().ToString().c_str());
      break;
    }
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf->data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pdf_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ReceiptPdf);

void BM_ReceiptHtml(benchmark::State& state) {
  int i = 0;
  for (auto _ : state) {
    auto html = RenderFormHtml(Receipt(i++));
    benchmark::DoNotOptimize(html.ok());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReceiptHtml);

}  // namespace
}  // namespace motcua::forms

BENCHMARK_MAIN();
