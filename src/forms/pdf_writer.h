// PdfWriter: a minimal PDF 1.7 canvas for the forms — pages, UTF-8 text in DejaVu Sans (regular
// and bold, embedded as Type0 / CIDFontType2 fonts with Identity-H encoding and a ToUnicode CMap,
// so text renders in any viewer and can be extracted), filled and stroked rectangles, lines.
//
// Why not libharu: its UTF-8 path rebuilds and compresses a 65,536-entry CIDToGIDMap, the /W array
// and the ToUnicode CMap for every font of every document (~17 ms per receipt, ~60 receipts/s
// against a 500/s target), and it embeds nested composite glyphs without their components, so
// letters such as "ấ", "ồ", "Ệ" lose their base letter. Here the font objects are built once per
// process (pdf_font.h) and a document only writes its pages.
//
// Coordinates are in points with the origin at the TOP-left of the page and y growing downwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "forms/pdf_font.h"

namespace motcua::forms {

struct PageSize {
  double width;   // points
  double height;  // points
};
inline constexpr PageSize kA5Portrait{419.53, 595.28};
inline constexpr PageSize kA4Portrait{595.28, 841.89};
inline constexpr PageSize kA4Landscape{841.89, 595.28};

class PdfWriter {
 public:
  // A document with no page yet. Internal if the fonts cannot be loaded.
  static Result<PdfWriter> Create(PageSize size, std::string title);

  // Starts a new page; drawing goes to it until the next call.
  void NewPage();
  int page_count() const { return static_cast<int>(pages_.size()); }
  PageSize page_size() const { return size_; }

  // Width of `text` in points.
  double TextWidth(std::string_view text, FontFace face, double size) const {
    return font(face).Width(text, size);
  }
  // Draws `text` (one line, UTF-8) with its baseline `baseline` points below the top of the page.
  // Requires a page. Characters outside the font repertoire show as the .notdef box.
  void Text(double x, double baseline, std::string_view text, FontFace face, double size);
  void FillRect(double x, double top, double width, double height);
  void StrokeRect(double x, double top, double width, double height, double line_width = 0.5);
  void Line(double x1, double y1, double x2, double y2, double line_width = 0.5);

  // The finished document. The writer is left empty.
  std::string Finish();

 private:
  PdfWriter(PageSize size, std::string title, const PdfFont* regular, const PdfFont* bold)
      : size_(size), title_(std::move(title)), regular_(regular), bold_(bold) {}
  const PdfFont& font(FontFace face) const { return face == FontFace::kBold ? *bold_ : *regular_; }
  std::string& content() { return pages_.back(); }
  double Y(double from_top) const { return size_.height - from_top; }

  PageSize size_;
  std::string title_;
  const PdfFont* regular_;
  const PdfFont* bold_;
  std::vector<std::string> pages_;  // uncompressed content streams
};

}  // namespace motcua::forms
