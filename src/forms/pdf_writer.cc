#include "forms/pdf_writer.h"

#include <fmt/format.h>

#include <iterator>

#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

// A PDF text string: UTF-16BE with a byte-order mark, as a hex string.
std::string PdfTextString(std::string_view utf8) {
  std::string out = "<FEFF";
  for (size_t i = 0; i < utf8.size();) {
    char32_t c = NextCodePoint(utf8, &i);
    if (c >= 0x10000) {
      c -= 0x10000;
      fmt::format_to(std::back_inserter(out), "{:04X}{:04X}", 0xD800 + (c >> 10),
                     0xDC00 + (c & 0x3FF));
    } else {
      fmt::format_to(std::back_inserter(out), "{:04X}", static_cast<uint32_t>(c));
    }
  }
  out += '>';
  return out;
}

class ObjectWriter {
 public:
  explicit ObjectWriter(size_t reserve) {
    out_.reserve(reserve);
    out_ += "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  }
  // Begins object `id` (ids must be written in increasing order, from 1).
  void Begin(int id) {
    if (offsets_.size() < static_cast<size_t>(id)) offsets_.resize(id);
    offsets_[id - 1] = out_.size();
    fmt::format_to(std::back_inserter(out_), "{} 0 obj\n", id);
  }
  void Object(int id, std::string_view body) {
    Begin(id);
    out_ += body;
    out_ += "\nendobj\n";
  }
  void Stream(int id, std::string_view dict_extra, std::string_view compressed) {
    Begin(id);
    fmt::format_to(std::back_inserter(out_), "<< /Length {} /Filter /FlateDecode{} >>\nstream\n",
                   compressed.size(), dict_extra);
    out_ += compressed;
    out_ += "\nendstream\nendobj\n";
  }
  std::string Finish(int root, int info) {
    const size_t xref = out_.size();
    fmt::format_to(std::back_inserter(out_), "xref\n0 {}\n0000000000 65535 f \n",
                   offsets_.size() + 1);
    for (size_t off : offsets_) fmt::format_to(std::back_inserter(out_), "{:010d} 00000 n \n", off);
    fmt::format_to(std::back_inserter(out_),
                   "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{}\n%%EOF\n",
                   offsets_.size() + 1, root, info, xref);
    return std::move(out_);
  }

 private:
  std::string out_;
  std::vector<size_t> offsets_;
};

// Writes the five objects of one font starting at `first`; returns the Type0 font's id.
int WriteFont(ObjectWriter& w, int first, const PdfFont& f) {
  const int type0 = first, cid = first + 1, descriptor = first + 2, file = first + 3,
            to_unicode = first + 4;
  w.Object(type0, fmt::format("<< /Type /Font /Subtype /Type0 /BaseFont /{} /Encoding /Identity-H "
                              "/DescendantFonts [{} 0 R] /ToUnicode {} 0 R >>",
                              f.base_font, cid, to_unicode));
  w.Object(cid, fmt::format("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{} /CIDSystemInfo "
                            "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                            "/FontDescriptor {} 0 R /DW 1000 /W {} /CIDToGIDMap /Identity >>",
                            f.base_font, descriptor, f.w_array));
  w.Object(descriptor,
           fmt::format("<< /Type /FontDescriptor /FontName /{} /Flags 32 /FontBBox [{} {} {} {}] "
                       "/ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 "
                       "/FontFile2 {} 0 R >>",
                       f.base_font, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], f.ascent, f.descent,
                       f.cap_height, file));
  w.Stream(file, fmt::format(" /Length1 {}", f.font_file_length), f.font_file);
  w.Stream(to_unicode, "", f.to_unicode);
  return type0;
}

}  // namespace

Result<PdfWriter> PdfWriter::Create(PageSize size, std::string title) {
  MOTCUA_ASSIGN_OR_RETURN(const PdfFont* regular, GetPdfFont(FontFace::kRegular));
  MOTCUA_ASSIGN_OR_RETURN(const PdfFont* bold, GetPdfFont(FontFace::kBold));
  return PdfWriter(size, std::move(title), regular, bold);
}

void PdfWriter::NewPage() {
  pages_.emplace_back();
  pages_.back().reserve(8192);
}

void PdfWriter::Text(double x, double baseline, std::string_view text, FontFace face, double size) {
  const PdfFont& f = font(face);
  std::string& out = content();
  fmt::format_to(std::back_inserter(out), "BT /F{} {:.2f} Tf {:.2f} {:.2f} Td <",
                 face == FontFace::kBold ? 2 : 1, size, x, Y(baseline));
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < text.size();) {
    const uint16_t gid = f.GlyphOf(NextCodePoint(text, &i));
    out += kHex[gid >> 12];
    out += kHex[(gid >> 8) & 0xF];
    out += kHex[(gid >> 4) & 0xF];
    out += kHex[gid & 0xF];
  }
  out += "> Tj ET\n";
}

void PdfWriter::FillRect(double x, double top, double width, double height) {
  fmt::format_to(std::back_inserter(content()), "{:.2f} {:.2f} {:.2f} {:.2f} re f\n", x,
                 Y(top + height), width, height);
}

void PdfWriter::StrokeRect(double x, double top, double width, double height, double line_width) {
  fmt::format_to(std::back_inserter(content()), "{:.2f} w {:.2f} {:.2f} {:.2f} {:.2f} re S\n",
                 line_width, x, Y(top + height), width, height);
}

void PdfWriter::Line(double x1, double y1, double x2, double y2, double line_width) {
  fmt::format_to(std::back_inserter(content()), "{:.2f} w {:.2f} {:.2f} m {:.2f} {:.2f} l S\n",
                 line_width, x1, Y(y1), x2, Y(y2));
}

std::string PdfWriter::Finish() {
  if (pages_.empty()) NewPage();
  const int pages = static_cast<int>(pages_.size());
  // Objects: 1 catalog, 2 page tree, 3 info, 4–8 regular font, 9–13 bold font, then for each
  // page its dictionary and its content stream.
  size_t estimate = regular_->font_file.size() + bold_->font_file.size() + 16384;
  for (const std::string& p : pages_) estimate += p.size() / 3 + 256;
  ObjectWriter w(estimate);
  const int first_page = 14;
  std::string kids;
  for (int i = 0; i < pages; ++i)
    fmt::format_to(std::back_inserter(kids), "{}{} 0 R", i ? " " : "", first_page + 2 * i);
  w.Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  w.Object(2, fmt::format("<< /Type /Pages /Kids [{}] /Count {} >>", kids, pages));
  w.Object(3, fmt::format("<< /Title {} /Producer (MotCua) >>", PdfTextString(title_)));
  WriteFont(w, 4, *regular_);
  WriteFont(w, 9, *bold_);
  for (int i = 0; i < pages; ++i) {
    const int page = first_page + 2 * i;
    w.Object(page, fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.2f} {:.2f}] "
                               "/Resources << /Font << /F1 4 0 R /F2 9 0 R >> >> "
                               "/Contents {} 0 R >>",
                               size_.width, size_.height, page + 1));
    w.Stream(page + 1, "", ZlibCompress(pages_[i], 6));
  }
  pages_.clear();
  return w.Finish(1, 3);
}

}  // namespace motcua::forms
