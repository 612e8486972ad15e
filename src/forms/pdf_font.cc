#include "forms/pdf_font.h"

#include <fmt/format.h>
#include <zlib.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "forms/font_subset.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

Result<PdfFont> LoadFont(std::string_view file, std::string_view postscript_name) {
  const std::string path = fmt::format("{}/{}", kDejaVuDirectory, file);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal(fmt::format("cannot read font {}", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto subset = SubsetTrueType(buffer.str(), FormRepertoire());
  if (!subset.ok())
    return Status::Internal(fmt::format("font {}: {}", path, subset.status().ToString()));

  PdfFont font;
  font.base_font = fmt::format("MCVNAA+{}", postscript_name);
  font.glyph_of_bmp.assign(0x10000, 0);
  for (const auto& [c, gid] : subset->cmap)
    if (c < 0x10000) font.glyph_of_bmp[c] = gid;
  const double scale = 1000.0 / subset->units_per_em;
  auto to_pdf = [&](int v) { return static_cast<int>(v * scale + (v < 0 ? -0.5 : 0.5)); };
  for (uint16_t a : subset->advances) font.widths.push_back(static_cast<uint16_t>(to_pdf(a)));
  font.bbox[0] = to_pdf(subset->x_min);
  font.bbox[1] = to_pdf(subset->y_min);
  font.bbox[2] = to_pdf(subset->x_max);
  font.bbox[3] = to_pdf(subset->y_max);
  font.ascent = to_pdf(subset->ascent);
  font.descent = to_pdf(subset->descent);
  font.cap_height = to_pdf(subset->cap_height);
  font.font_file_length = subset->ttf.size();
  font.font_file = ZlibCompress(subset->ttf, 9);

  font.w_array = "[0 [";
  for (size_t i = 0; i < font.widths.size(); ++i)
    fmt::format_to(std::back_inserter(font.w_array), "{}{}", i ? " " : "", font.widths[i]);
  font.w_array += "]]";

  // ToUnicode: one bfchar per mapped glyph (the first code point wins for shared glyphs).
  std::vector<std::pair<uint16_t, char32_t>> pairs;
  std::vector<bool> seen(font.widths.size(), false);
  for (const auto& [c, gid] : subset->cmap) {
    if (gid < seen.size() && !seen[gid]) {
      seen[gid] = true;
      pairs.emplace_back(gid, c);
    }
  }
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (size_t i = 0; i < pairs.size(); i += 100) {
    const size_t n = std::min<size_t>(100, pairs.size() - i);
    fmt::format_to(std::back_inserter(cmap), "{} beginbfchar\n", n);
    for (size_t k = i; k < i + n; ++k)
      fmt::format_to(std::back_inserter(cmap), "<{:04X}> <{:04X}>\n", pairs[k].first,
                     static_cast<uint32_t>(pairs[k].second));
    cmap += "endbfchar\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  font.to_unicode = ZlibCompress(cmap, 9);
  return font;
}

const Result<PdfFont>& Cached(FontFace face) {
  static const auto* regular = new Result<PdfFont>(LoadFont("DejaVuSans.ttf", "DejaVuSans"));
  static const auto* bold = new Result<PdfFont>(LoadFont("DejaVuSans-Bold.ttf", "DejaVuSans-Bold"));
  return face == FontFace::kBold ? *bold : *regular;
}

}  // namespace

double PdfFont::Width(std::string_view text, double size) const {
  uint32_t units = 0;
  for (size_t i = 0; i < text.size();) units += widths[GlyphOf(NextCodePoint(text, &i))];
  return units * size / 1000.0;
}

Result<const PdfFont*> GetPdfFont(FontFace face) {
  const Result<PdfFont>& font = Cached(face);
  if (!font.ok()) return font.status();
  return &font.value();
}

std::string ZlibCompress(std::string_view data, int level) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                level) != Z_OK) {
    // Only on out-of-memory; an uncompressed stream would need a different /Filter.
    throw std::bad_alloc();
  }
  out.resize(size);
  return out;
}

}  // namespace motcua::forms
