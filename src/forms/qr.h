// QR codes for the forms (libqrencode): the matrix, drawn as PDF rectangles by the PDF renderer
// and as one SVG path in the HTML twin — no raster image anywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::forms {

// The quiet zone (blank margin) the QR specification requires around a symbol, in modules.
inline constexpr int kQrQuietZone = 4;

struct QrMatrix {
  int size = 0;               // modules per side, without the quiet zone
  std::vector<uint8_t> dark;  // size * size, row-major; 1 = dark module
  bool Dark(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes the bytes of `text` (8-bit mode, error-correction level M, smallest version that fits).
// Validation "qr_too_long" (field "lookup_url") if empty or too long for a QR symbol.
Result<QrMatrix> EncodeQr(std::string_view text);

// Calls `run(x, y, length)` for each horizontal run of dark modules (coordinates in modules,
// without the quiet zone) — one rectangle per run keeps the drawing small.
void ForEachDarkRun(const QrMatrix& qr, const std::function<void(int, int, int)>& run);

// An SVG element `size_px` wide and high, the symbol plus its quiet zone, black on white.
std::string QrSvg(const QrMatrix& qr, double size_px);

}  // namespace motcua::forms
