#include "forms/font_subset.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

namespace motcua::forms {
namespace {

Status Invalid(std::string_view detail) {
  return Status::Validation("invalid_font", "font", "Tệp phông chữ không hợp lệ.",
                            std::string("invalid TrueType font: ") + std::string(detail));
}

uint16_t U16(std::string_view d, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(d[at]) << 8) |
                               static_cast<uint8_t>(d[at + 1]));
}
int16_t I16(std::string_view d, size_t at) { return static_cast<int16_t>(U16(d, at)); }
uint32_t U32(std::string_view d, size_t at) {
  return (static_cast<uint32_t>(U16(d, at)) << 16) | U16(d, at + 2);
}

void PutU16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xFF));
}
void PutU32(std::string& out, uint32_t v) {
  PutU16(out, static_cast<uint16_t>(v >> 16));
  PutU16(out, static_cast<uint16_t>(v & 0xFFFF));
}
void SetU16(std::string& out, size_t at, uint16_t v) {
  out[at] = static_cast<char>(v >> 8);
  out[at + 1] = static_cast<char>(v & 0xFF);
}
void SetU32(std::string& out, size_t at, uint32_t v) {
  SetU16(out, at, static_cast<uint16_t>(v >> 16));
  SetU16(out, at + 2, static_cast<uint16_t>(v & 0xFFFF));
}

uint32_t Checksum(std::string_view data) {
  uint32_t sum = 0;
  for (size_t i = 0; i < data.size(); i += 4) {
    uint32_t word = 0;
    for (size_t k = 0; k < 4; ++k) {
      word <<= 8;
      if (i + k < data.size()) word |= static_cast<uint8_t>(data[i + k]);
    }
    sum += word;
  }
  return sum;
}

// Reads the (3,1) or (0,x) format-4 subtable: code point -> glyph id for the BMP.
std::optional<std::unordered_map<char32_t, uint16_t>> ReadCmap(std::string_view cmap) {
  if (cmap.size() < 4) return std::nullopt;
  const uint16_t count = U16(cmap, 2);
  std::optional<uint32_t> chosen;
  for (uint16_t i = 0; i < count; ++i) {
    const size_t rec = 4 + 8 * size_t{i};
    if (rec + 8 > cmap.size()) return std::nullopt;
    const uint16_t platform = U16(cmap, rec), encoding = U16(cmap, rec + 2);
    const uint32_t offset = U32(cmap, rec + 4);
    if (offset + 4 > cmap.size() || U16(cmap, offset) != 4) continue;
    if ((platform == 3 && encoding == 1) || (platform == 0 && !chosen)) chosen = offset;
  }
  if (!chosen) return std::nullopt;
  const size_t base = *chosen;
  if (base + 14 > cmap.size()) return std::nullopt;
  const size_t length = U16(cmap, base + 2);
  if (base + length > cmap.size()) return std::nullopt;
  const size_t segs = U16(cmap, base + 6) / 2;
  const size_t ends = base + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
               range_offsets = deltas + 2 * segs;
  if (range_offsets + 2 * segs > base + length) return std::nullopt;
  std::unordered_map<char32_t, uint16_t> map;
  for (size_t s = 0; s < segs; ++s) {
    const uint16_t end = U16(cmap, ends + 2 * s), start = U16(cmap, starts + 2 * s);
    const uint16_t delta = U16(cmap, deltas + 2 * s);
    const uint16_t ro = U16(cmap, range_offsets + 2 * s);
    for (uint32_t c = start; c <= end && c != 0xFFFF; ++c) {
      uint16_t gid;
      if (ro == 0) {
        gid = static_cast<uint16_t>(c + delta);
      } else {
        const size_t at = range_offsets + 2 * s + ro + 2 * (c - start);
        if (at + 2 > base + length) return std::nullopt;
        gid = U16(cmap, at);
        if (gid != 0) gid = static_cast<uint16_t>(gid + delta);
      }
      if (gid != 0) map.emplace(static_cast<char32_t>(c), gid);
    }
  }
  return map;
}

// Composite glyph component flags (OpenType spec, 'glyf').
constexpr uint16_t kArgsAreWords = 0x0001;
constexpr uint16_t kHaveScale = 0x0008;
constexpr uint16_t kMoreComponents = 0x0020;
constexpr uint16_t kHaveXYScale = 0x0040;
constexpr uint16_t kHaveTwoByTwo = 0x0080;

// Offsets (within the glyph) of the glyph-index fields of a composite glyph; empty if simple.
std::optional<std::vector<size_t>> ComponentIndexOffsets(std::string_view glyph) {
  std::vector<size_t> offsets;
  if (glyph.size() < 10 || I16(glyph, 0) >= 0) return offsets;
  size_t at = 10;
  while (true) {
    if (at + 4 > glyph.size()) return std::nullopt;
    const uint16_t flags = U16(glyph, at);
    offsets.push_back(at + 2);
    at += 4 + ((flags & kArgsAreWords) ? 4 : 2);
    if (flags & kHaveScale) at += 2;
    if (flags & kHaveXYScale) at += 4;
    if (flags & kHaveTwoByTwo) at += 8;
    if (!(flags & kMoreComponents)) break;
  }
  if (at > glyph.size()) return std::nullopt;
  return offsets;
}

}  // namespace

const std::vector<CodeRange>& FormRepertoire() {
  static const auto* ranges = new std::vector<CodeRange>{
      {0x0020, 0x007E},  // ASCII
      {0x00A0, 0x017F},  // Latin-1 and Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ)
      {0x01A0, 0x01B0},  // Ơ ơ ... Ư ư
      {0x0300, 0x0303},  // combining grave, acute, circumflex, tilde (decomposed input)
      {0x0306, 0x0306},  // combining breve
      {0x0309, 0x0309},  // combining hook above
      {0x031B, 0x031B},  // combining horn
      {0x0323, 0x0323},  // combining dot below
      {0x1EA0, 0x1EF9},  // the precomposed Vietnamese letters
      {0x2010, 0x203A},  // dashes, quotes, bullets, ellipsis, per mille
      {0x20AB, 0x20AC},  // ₫ €
      {0x2116, 0x2116},  // №
      {0x2190, 0x2193},  // arrows
      {0x25A0, 0x25A1},  // ■ □
      {0x2610, 0x2612},  // ☐ ☑ ☒
      {0x2713, 0x2714},  // ✓ ✔
      {0xFFFD, 0xFFFD},  // replacement character
  };
  return *ranges;
}

bool InFormRepertoire(char32_t c) {
  for (const CodeRange& r : FormRepertoire())
    if (c >= r.first && c <= r.last) return true;
  return false;
}

Result<SubsetFont> SubsetTrueType(std::string_view ttf, const std::vector<CodeRange>& ranges) {
  if (ttf.size() < 12) return Invalid("too short");
  const uint32_t version = U32(ttf, 0);
  if (version != 0x00010000 && version != 0x74727565) return Invalid("not TrueType");
  const uint16_t num_tables = U16(ttf, 4);
  std::map<std::string, std::string_view> tables;  // tag -> data, sorted by tag
  for (uint16_t i = 0; i < num_tables; ++i) {
    const size_t rec = 12 + 16 * size_t{i};
    if (rec + 16 > ttf.size()) return Invalid("table directory");
    const uint32_t offset = U32(ttf, rec + 8), length = U32(ttf, rec + 12);
    if (size_t{offset} + length > ttf.size()) return Invalid("table bounds");
    tables.emplace(std::string(ttf.substr(rec, 4)), ttf.substr(offset, length));
  }
  for (const char* tag : {"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap"})
    if (!tables.contains(tag)) return Invalid(std::string("missing ") + tag);
  const std::string_view head = tables["head"], hhea = tables["hhea"], hmtx = tables["hmtx"],
                         maxp = tables["maxp"], loca = tables["loca"], glyf = tables["glyf"];
  if (head.size() < 54 || hhea.size() < 36 || maxp.size() < 6) return Invalid("short header");
  const bool long_loca = I16(head, 50) == 1;
  const uint16_t num_glyphs = U16(maxp, 4);
  const uint16_t num_metrics = U16(hhea, 34);
  if (num_metrics == 0 || num_metrics > num_glyphs) return Invalid("hhea");
  if (hmtx.size() < 4 * size_t{num_metrics} + 2 * static_cast<size_t>(num_glyphs - num_metrics))
    return Invalid("hmtx");
  if (loca.size() < (long_loca ? 4 : 2) * (size_t{num_glyphs} + 1)) return Invalid("loca");

  auto glyph_data = [&](uint16_t gid) -> std::optional<std::string_view> {
    const size_t a = long_loca ? U32(loca, 4 * size_t{gid}) : 2 * size_t{U16(loca, 2 * gid)};
    const size_t b =
        long_loca ? U32(loca, 4 * (size_t{gid} + 1)) : 2 * size_t{U16(loca, 2 * (gid + 1))};
    if (a > b || b > glyf.size()) return std::nullopt;
    return glyf.substr(a, b - a);
  };

  auto cmap = ReadCmap(tables["cmap"]);
  if (!cmap) return Invalid("no format-4 Unicode cmap");

  // New glyph order: .notdef, then the mapped glyphs in code-point order, then components.
  std::vector<uint16_t> order{0};
  std::unordered_map<uint16_t, uint16_t> new_id{{0, 0}};
  std::vector<std::pair<char32_t, uint16_t>> mapping;  // code point -> old gid
  for (const CodeRange& r : ranges) {
    for (char32_t c = r.first; c <= r.last && c <= 0xFFFF; ++c) {
      auto it = cmap->find(c);
      if (it == cmap->end() || it->second >= num_glyphs) continue;
      mapping.emplace_back(c, it->second);
      if (new_id.emplace(it->second, static_cast<uint16_t>(order.size())).second)
        order.push_back(it->second);
    }
  }
  for (size_t i = 0; i < order.size(); ++i) {  // grows while components are appended
    auto data = glyph_data(order[i]);
    if (!data) return Invalid("glyph bounds");
    auto offsets = ComponentIndexOffsets(*data);
    if (!offsets) return Invalid("composite glyph");
    for (size_t at : *offsets) {
      const uint16_t component = U16(*data, at);
      if (component >= num_glyphs) return Invalid("component index");
      if (new_id.emplace(component, static_cast<uint16_t>(order.size())).second)
        order.push_back(component);
    }
  }
  std::sort(mapping.begin(), mapping.end());

  // glyf + loca (long offsets, glyphs padded to 4 bytes).
  std::string new_glyf, new_loca, new_hmtx;
  for (uint16_t old : order) {
    PutU32(new_loca, static_cast<uint32_t>(new_glyf.size()));
    std::string g(*glyph_data(old));
    const std::vector<size_t> components = ComponentIndexOffsets(g).value_or(std::vector<size_t>{});
    for (size_t at : components) SetU16(g, at, new_id.at(U16(g, at)));
    new_glyf += g;
    while (new_glyf.size() % 4) new_glyf.push_back('\0');
    const size_t m = std::min<size_t>(old, num_metrics - 1);
    PutU16(new_hmtx, U16(hmtx, 4 * m));
    PutU16(new_hmtx, old < num_metrics ? U16(hmtx, 4 * size_t{old} + 2)
                                       : U16(hmtx, 4 * size_t{num_metrics} +
                                                       2 * static_cast<size_t>(old - num_metrics)));
  }
  PutU32(new_loca, static_cast<uint32_t>(new_glyf.size()));

  // cmap: one (3,1) format-4 subtable; a segment per run of consecutive codes and glyph ids.
  struct Segment {
    uint16_t start, end, first_gid;
  };
  std::vector<Segment> segments;
  for (const auto& [c, old] : mapping) {
    const uint16_t gid = new_id.at(old);
    if (!segments.empty() && char32_t{segments.back().end} + 1 == c &&
        segments.back().first_gid + (segments.back().end - segments.back().start) + 1 == gid) {
      segments.back().end = static_cast<uint16_t>(c);
    } else {
      segments.push_back({static_cast<uint16_t>(c), static_cast<uint16_t>(c), gid});
    }
  }
  segments.push_back({0xFFFF, 0xFFFF, 0});  // the required final segment (maps to .notdef)
  const uint16_t seg_count = static_cast<uint16_t>(segments.size());
  uint16_t entry_selector = 0;
  while ((2u << entry_selector) <= seg_count) ++entry_selector;
  const uint16_t search_range = static_cast<uint16_t>(2u << entry_selector);
  std::string sub;
  PutU16(sub, 4);
  PutU16(sub, static_cast<uint16_t>(16 + 8 * seg_count));
  PutU16(sub, 0);  // language
  PutU16(sub, static_cast<uint16_t>(2 * seg_count));
  PutU16(sub, search_range);
  PutU16(sub, entry_selector);
  PutU16(sub, static_cast<uint16_t>(2 * seg_count - search_range));
  for (const Segment& s : segments) PutU16(sub, s.end);
  PutU16(sub, 0);  // reservedPad
  for (const Segment& s : segments) PutU16(sub, s.start);
  for (const Segment& s : segments)
    PutU16(sub, s.start == 0xFFFF ? 1 : static_cast<uint16_t>(s.first_gid - s.start));
  for (size_t i = 0; i < segments.size(); ++i) PutU16(sub, 0);  // idRangeOffset
  std::string new_cmap;
  PutU16(new_cmap, 0);
  PutU16(new_cmap, 1);
  PutU16(new_cmap, 3);
  PutU16(new_cmap, 1);
  PutU32(new_cmap, 12);
  new_cmap += sub;

  const uint16_t glyph_count = static_cast<uint16_t>(order.size());
  std::string new_head(head), new_hhea(hhea), new_maxp(maxp);
  SetU32(new_head, 8, 0);   // checkSumAdjustment, set below
  SetU16(new_head, 50, 1);  // long loca
  SetU16(new_hhea, 34, glyph_count);
  SetU16(new_maxp, 4, glyph_count);
  std::string new_post;
  if (auto post = tables.find("post"); post != tables.end() && post->second.size() >= 32) {
    new_post = std::string(post->second.substr(0, 32));
    SetU32(new_post, 0, 0x00030000);
  }

  std::map<std::string, std::string> out_tables{
      {"cmap", new_cmap}, {"glyf", new_glyf}, {"head", new_head}, {"hhea", new_hhea},
      {"hmtx", new_hmtx}, {"loca", new_loca}, {"maxp", new_maxp}};
  if (!new_post.empty()) out_tables["post"] = new_post;
  for (const char* tag : {"OS/2", "cvt ", "fpgm", "prep", "gasp", "name"})
    if (auto it = tables.find(tag); it != tables.end()) out_tables[tag] = std::string(it->second);

  const uint16_t n = static_cast<uint16_t>(out_tables.size());
  uint16_t selector = 0;
  while ((2u << selector) <= n) ++selector;
  std::string out;
  PutU32(out, 0x00010000);
  PutU16(out, n);
  PutU16(out, static_cast<uint16_t>(16u << selector));
  PutU16(out, selector);
  PutU16(out, static_cast<uint16_t>(16 * n - (16u << selector)));
  size_t offset = 12 + 16 * size_t{n};
  size_t head_offset = 0;
  for (const auto& [tag, data] : out_tables) {
    out += tag;
    PutU32(out, Checksum(data));
    PutU32(out, static_cast<uint32_t>(offset));
    PutU32(out, static_cast<uint32_t>(data.size()));
    if (tag == "head") head_offset = offset;
    offset += (data.size() + 3) & ~size_t{3};
  }
  for (const auto& [tag, data] : out_tables) {
    out += data;
    while (out.size() % 4) out.push_back('\0');
  }
  SetU32(out, head_offset + 8, 0xB1B0AFBAu - Checksum(out));

  SubsetFont font;
  font.ttf = std::move(out);
  for (const auto& [c, old] : mapping) font.cmap.emplace_back(c, new_id.at(old));
  for (size_t i = 0; i < new_hmtx.size(); i += 4) font.advances.push_back(U16(new_hmtx, i));
  font.units_per_em = U16(head, 18);
  font.x_min = I16(head, 36);
  font.y_min = I16(head, 38);
  font.x_max = I16(head, 40);
  font.y_max = I16(head, 42);
  font.ascent = I16(hhea, 4);
  font.descent = I16(hhea, 6);
  font.cap_height = font.ascent;
  if (auto os2 = tables.find("OS/2");
      os2 != tables.end() && os2->second.size() >= 90 && U16(os2->second, 0) >= 2) {
    font.cap_height = I16(os2->second, 88);
  }
  if (font.units_per_em == 0) return Invalid("unitsPerEm");
  return font;
}

}  // namespace motcua::forms
