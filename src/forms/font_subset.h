// TrueType subsetting for the PDF forms: DejaVu Sans cut down, once per process, to the repertoire
// of Vietnamese administrative text (ASCII, Latin-1, Latin Extended-A, ơ/ư, combining tone marks,
// the Vietnamese letters U+1EA0–U+1EF9, common punctuation and symbols), with glyphs renumbered
// in code-point order. The PDF writer embeds the whole subset and uses the glyph ids as CIDs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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

struct SubsetFont {
  std::string ttf;                                  // the subset font file
  std::vector<std::pair<char32_t, uint16_t>> cmap;  // code point -> glyph id, by code point
  std::vector<uint16_t> advances;                   // advance width per glyph id, font units
  uint16_t units_per_em = 1000;
  int16_t x_min = 0, y_min = 0, x_max = 0, y_max = 0;  // font bounding box, font units
  int16_t ascent = 0, descent = 0, cap_height = 0;     // font units (descent negative)
};

// Builds a TrueType font holding glyph 0 (.notdef), the glyphs the font maps from the code points
// of `ranges` (code points it lacks are skipped), and every component those glyphs reference.
// Glyphs are renumbered in code-point order so the new cmap (one format-4 subtable, platform 3
// encoding 1) has about one segment per range; hinting, metrics and the name table are kept, the
// post table becomes format 3 (no glyph names), layout tables (GSUB, GPOS, kern...) are dropped.
// Validation "invalid_font" if `ttf` is not a TrueType (glyf-based) font with a BMP Unicode cmap.
Result<SubsetFont> SubsetTrueType(std::string_view ttf, const std::vector<CodeRange>& ranges);

}  // namespace motcua::forms
