// The fonts of the PDF forms: DejaVu Sans and DejaVu Sans Bold, subset to the form repertoire
// (font_subset.h) and prepared once per process — the compressed font file, the glyph widths (/W)
// and the ToUnicode CMap that lets text be extracted and searched — so that a document only
// copies these bytes instead of rebuilding them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::forms {

enum class FontFace { kRegular, kBold };

// Where the DejaVu TrueType files are read from (Debian fonts-dejavu-core).
inline constexpr std::string_view kDejaVuDirectory = "/usr/share/fonts/truetype/dejavu";

struct PdfFont {
  std::string base_font;               // "MCVNAA+DejaVuSans" (subset tag + PostScript name)
  std::vector<uint16_t> glyph_of_bmp;  // 65,536 entries: BMP code point -> glyph id (0 = none)
  std::vector<uint16_t> widths;        // per glyph id, in 1/1000 em
  std::string font_file;               // zlib-compressed subset TrueType (FontFile2 stream)
  size_t font_file_length = 0;         // its uncompressed length (/Length1)
  std::string to_unicode;              // zlib-compressed ToUnicode CMap
  std::string w_array;                 // the /W array, "[0 [...]]"
  int bbox[4] = {0, 0, 0, 0};          // /FontBBox, 1/1000 em
  int ascent = 0, descent = 0, cap_height = 0;

  uint16_t GlyphOf(char32_t c) const { return c < 0x10000 ? glyph_of_bmp[c] : 0; }
  // Advance width of UTF-8 `text` at `size` points.
  double Width(std::string_view text, double size) const;
};

// The process-wide font of `face`, loaded on first use (thread-safe; later calls are free).
// Internal if the DejaVu file is missing or unusable — the same failure is returned every time.
Result<const PdfFont*> GetPdfFont(FontFace face);

// zlib (RFC 1950) compression, as PDF's FlateDecode expects.
std::string ZlibCompress(std::string_view data, int level = 6);

}  // namespace motcua::forms
