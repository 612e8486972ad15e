#include "forms/qr.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <iterator>
#include <memory>

namespace motcua::forms {

Result<QrMatrix> EncodeQr(std::string_view text) {
  const auto too_long = [] {
    return Status::Validation("qr_too_long", "lookup_url",
                              "Đường dẫn tra cứu quá dài hoặc rỗng, không tạo được mã QR.",
                              "The lookup URL is empty or too long for a QR code.");
  };
  if (text.empty()) return too_long();
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return too_long();
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

void ForEachDarkRun(const QrMatrix& qr, const std::function<void(int, int, int)>& run) {
  for (int y = 0; y < qr.size; ++y) {
    int x = 0;
    while (x < qr.size) {
      if (!qr.Dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < qr.size && qr.Dark(x, y)) ++x;
      run(start, y, x - start);
    }
  }
}

std::string QrSvg(const QrMatrix& qr, double size_px) {
  const int total = qr.size + 2 * kQrQuietZone;
  std::string path;
  ForEachDarkRun(qr, [&](int x, int y, int length) {
    fmt::format_to(std::back_inserter(path), "M{} {}h{}v1h-{}z", x + kQrQuietZone, y + kQrQuietZone,
                   length, length);
  });
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"{0:.0f}\" height=\"{0:.0f}\" "
      "viewBox=\"0 0 {1} {1}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">"
      "<rect width=\"{1}\" height=\"{1}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{2}\"/></svg>",
      size_px, total, path);
}

}  // namespace motcua::forms
