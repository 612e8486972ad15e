// Lays out a FormDocument on pages and renders it as PDF: words wrap at their measured width,
// paragraphs and tables continue on new pages (table headers repeat, tall rows split), nothing is
// drawn outside the margins.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "forms/form_document.h"

namespace motcua::forms {

struct Margins {
  double top, right, bottom, left;  // points
};
// Print margins of the forms (Decree 30/2020 proportions scaled to A5; narrower for the A4
// register).
Margins MarginsFor(PageSize page);

// One wrapped line: pieces of text in one face each, at x offsets from the line start.
struct LinePiece {
  std::string text;
  FontFace face;
  double x;
};
struct WrappedLine {
  std::vector<LinePiece> pieces;
  double width = 0;
};
// Breaks `spans` into lines no wider than `width` at font `size`: at spaces, at "\n", and inside
// a word only when the word alone is wider than the line. Requires the fonts (GetPdfFont) loaded.
std::vector<WrappedLine> WrapSpans(const PdfWriter& writer, const std::vector<Span>& spans,
                                   double width, double size);

// The PDF of `doc`. Internal if the fonts cannot be loaded; Validation from EncodeQr for a bad
// QR URL.
Result<std::string> RenderPdf(const FormDocument& doc);

}  // namespace motcua::forms
