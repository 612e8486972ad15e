// TrueType subsetting for the PDF forms. libharu maps all 65,536 BMP code points through the
// font's cmap each time a Unicode font is created, scanning the cmap segments linearly; with the
// full DejaVu Sans (hundreds of segments) that alone costs ~15 ms per document. A subset holding
// only the repertoire of Vietnamese administrative text (ASCII, Latin-1, Latin Extended-A/B,
// combining tone marks, the Vietnamese block U+1EA0–U+1EF9, common punctuation and symbols) has a
// handful of segments and loads in well under a millisecond.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::forms {

// An inclusive range of Unicode code points.
struct CodeRange {
  char32_t first;
  char32_t last;
};

// The repertoire the forms support; characters outside it render as the font's .notdef glyph.
const std::vector<CodeRange>& FormRepertoire();

// True if `c` is in FormRepertoire().
bool InFormRepertoire(char32_t c);

// Builds a TrueType font holding glyph 0 (.notdef), the glyphs the font maps from the code points
// of `ranges` (code points it lacks are skipped), and every component those glyphs reference.
// Glyphs are renumbered in code-point order so the new cmap (one format-4 subtable, platform 3
// encoding 1) has about one segment per range; hinting, metrics and the name table are kept, the
// post table becomes format 3 (no glyph names), layout tables (GSUB, GPOS, kern...) are dropped.
// Validation "invalid_font" if `ttf` is not a TrueType (glyf-based) font with a BMP Unicode cmap.
Result<std::string> SubsetTrueType(std::string_view ttf, const std::vector<CodeRange>& ranges);

}  // namespace motcua::forms
