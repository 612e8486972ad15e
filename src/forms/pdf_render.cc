#include "forms/pdf_render.h"

#include <algorithm>
#include <cmath>

#include "forms/qr.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

constexpr double kLeading = 1.3;  // line height / font size
constexpr double kCellPadX = 2.5;
constexpr double kCellPadY = 2.0;
constexpr double kQrSize = 76;  // points, quiet zone included

struct Atom {
  std::string text;
  FontFace face;
  bool space_before;
  bool line_break;  // a forced break ("\n") before this atom
};

std::vector<Atom> Atomize(const std::vector<Span>& spans) {
  std::vector<Atom> atoms;
  bool space = false, brk = false;
  for (const Span& span : spans) {
    const FontFace face = span.bold ? FontFace::kBold : FontFace::kRegular;
    size_t i = 0;
    const std::string& t = span.text;
    while (i < t.size()) {
      if (t[i] == ' ' || t[i] == '\t') {
        space = true;
        ++i;
      } else if (t[i] == '\n') {
        brk = true;
        space = false;
        ++i;
      } else {
        size_t j = i;
        while (j < t.size() && t[j] != ' ' && t[j] != '\t' && t[j] != '\n') ++j;
        atoms.push_back({t.substr(i, j - i), face, space, brk});
        space = brk = false;
        i = j;
      }
    }
  }
  return atoms;
}

class Layout {
 public:
  Layout(PdfWriter& w, const FormDocument& doc) : w_(w), doc_(doc), m_(MarginsFor(doc.page)) {
    left_ = m_.left;
    width_ = doc.page.width - m_.left - m_.right;
    bottom_ = doc.page.height - m_.bottom;
    NewPage();
  }

  Status Render() {
    for (const Block& block : doc_.blocks) {
      Status s = std::visit([this](const auto& b) { return Draw(b); }, block);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

 private:
  void NewPage() {
    w_.NewPage();
    y_ = m_.top;
  }
  // Starts a new page unless `height` fits below the cursor or the page is still empty.
  void EnsureRoom(double height) {
    if (y_ + height > bottom_ && y_ > m_.top) NewPage();
  }

  void DrawLine(const WrappedLine& line, double x, double width, double top, double size,
                Align align) {
    double offset = 0;
    if (align == Align::kCenter) offset = std::max(0.0, (width - line.width) / 2);
    if (align == Align::kRight) offset = std::max(0.0, width - line.width);
    for (const LinePiece& p : line.pieces)
      w_.Text(x + offset + p.x, top + size, p.text, p.face, size);
  }

  // Draws wrapped lines at a fixed place (no page breaks); returns the height used.
  double DrawFixed(const std::vector<Span>& spans, double x, double width, double top, double size,
                   Align align) {
    const auto lines = WrapSpans(w_, spans, width, size);
    for (size_t i = 0; i < lines.size(); ++i)
      DrawLine(lines[i], x, width, top + i * size * kLeading, size, align);
    return lines.size() * size * kLeading;
  }

  Status Draw(const HeaderBlock& h) {
    const double size = doc_.font_size * 0.85;
    if (!h.form_label.empty()) {
      const double lw = w_.TextWidth(h.form_label, FontFace::kRegular, 7);
      w_.Text(left_ + width_ - lw, y_ + 7, h.form_label, FontFace::kRegular, 7);
      y_ += 7 * kLeading + 2;
    }
    const double left_w = width_ * 0.42, gap = 6;
    const double right_x = left_ + left_w + gap, right_w = width_ - left_w - gap;
    double ly = y_;
    if (!h.parent_agency.empty())
      ly += DrawFixed({{h.parent_agency, false}}, left_, left_w, ly, size, Align::kCenter);
    ly += DrawFixed({{h.agency_name, true}}, left_, left_w, ly, size, Align::kCenter);
    w_.Line(left_ + left_w * 0.3, ly + 1.5, left_ + left_w * 0.7, ly + 1.5);
    ly += 5;
    const std::string number =
        h.document_number.empty() ? std::string("Số: ………………") : "Số: " + h.document_number;
    ly += DrawFixed({{number, false}}, left_, left_w, ly, size, Align::kCenter);

    double ry = y_;
    ry += DrawFixed({{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true}}, right_x, right_w, ry, size,
                    Align::kCenter);
    const std::string motto = "Độc lập - Tự do - Hạnh phúc";
    ry += DrawFixed({{motto, true}}, right_x, right_w, ry, size, Align::kCenter);
    const double mw = std::min(right_w, w_.TextWidth(motto, FontFace::kBold, size));
    w_.Line(right_x + (right_w - mw) / 2, ry + 1.5, right_x + (right_w + mw) / 2, ry + 1.5);
    ry += 5;
    ry += DrawFixed({{h.place_date, false}}, right_x, right_w, ry, size, Align::kCenter);
    y_ = std::max(ly, ry) + size * 0.8;
    return Status::Ok();
  }

  Status Draw(const TitleBlock& t) {
    const double size = doc_.font_size * 1.2;
    EnsureRoom(size * kLeading * 2);
    y_ += DrawFixed({{t.heading, true}}, left_, width_, y_, size, Align::kCenter);
    if (!t.subtitle.empty())
      y_ += DrawFixed({{t.subtitle, false}}, left_, width_, y_, doc_.font_size, Align::kCenter);
    y_ += doc_.font_size * 0.6;
    return Status::Ok();
  }

  Status Draw(const ParagraphBlock& p) {
    const double size = doc_.font_size, lh = size * kLeading;
    for (const WrappedLine& line : WrapSpans(w_, p.spans, width_ - p.indent, size)) {
      if (y_ + lh > bottom_) NewPage();
      DrawLine(line, left_ + p.indent, width_ - p.indent, y_, size, p.align);
      y_ += lh;
    }
    y_ += size * 0.2;
    return Status::Ok();
  }

  Status Draw(const TableBlock& t) {
    const double size = t.font_size > 0 ? t.font_size : doc_.table_font_size;
    const double lh = size * kLeading;
    double total = 0;
    for (const TableColumn& c : t.columns) total += c.weight;
    std::vector<double> xs, ws;
    double x = left_;
    for (const TableColumn& c : t.columns) {
      xs.push_back(x);
      ws.push_back(width_ * c.weight / total);
      x += ws.back();
    }
    const size_t n = t.columns.size();
    std::vector<std::vector<WrappedLine>> header(n);
    size_t header_lines = 1;
    for (size_t c = 0; c < n; ++c) {
      header[c] = WrapSpans(w_, {{t.columns[c].title, true}}, ws[c] - 2 * kCellPadX, size);
      header_lines = std::max(header_lines, header[c].size());
    }
    const double header_h = header_lines * lh + 2 * kCellPadY;
    auto draw_header = [&] {
      for (size_t c = 0; c < n; ++c) {
        w_.StrokeRect(xs[c], y_, ws[c], header_h);
        for (size_t i = 0; i < header[c].size(); ++i)
          DrawLine(header[c][i], xs[c] + kCellPadX, ws[c] - 2 * kCellPadX, y_ + kCellPadY + i * lh,
                   size, Align::kCenter);
      }
      y_ += header_h;
    };
    EnsureRoom(header_h + lh + 2 * kCellPadY);
    draw_header();

    std::vector<std::vector<WrappedLine>> cells(n);
    for (const std::vector<std::string>& row : t.rows) {
      size_t lines = 1;
      for (size_t c = 0; c < n; ++c) {
        cells[c] = c < row.size() ? WrapSpans(w_, {{row[c], false}}, ws[c] - 2 * kCellPadX, size)
                                  : std::vector<WrappedLine>{};
        lines = std::max(lines, cells[c].size());
      }
      const double page_room = bottom_ - m_.top - header_h - 2 * kCellPadY;
      size_t start = 0;
      while (start < lines) {
        const size_t fit = static_cast<size_t>(
            std::max(0.0, std::floor((bottom_ - y_ - 2 * kCellPadY) / lh + 1e-9)));
        const size_t left = lines - start;
        // Keep a row whole when it fits on a fresh page; split it only when it cannot.
        if (fit == 0 || (fit < left && start == 0 && left * lh <= page_room)) {
          NewPage();
          draw_header();
          continue;
        }
        const size_t count = std::min(fit, left);
        const double h = count * lh + 2 * kCellPadY;
        for (size_t c = 0; c < n; ++c) {
          w_.StrokeRect(xs[c], y_, ws[c], h);
          for (size_t i = start; i < std::min(cells[c].size(), start + count); ++i)
            DrawLine(cells[c][i], xs[c] + kCellPadX, ws[c] - 2 * kCellPadX,
                     y_ + kCellPadY + (i - start) * lh, size, t.columns[c].align);
        }
        y_ += h;
        start += count;
        if (start < lines) {
          NewPage();
          draw_header();
        }
      }
    }
    y_ += doc_.font_size * 0.4;
    return Status::Ok();
  }

  Status Draw(const QrBlock& q) {
    MOTCUA_ASSIGN_OR_RETURN(QrMatrix qr, EncodeQr(q.url));
    const double size = doc_.font_size, lh = size * kLeading, caption_size = 6.5;
    const double text_w = width_ - kQrSize - 6;
    std::vector<std::pair<const ParagraphBlock*, std::vector<WrappedLine>>> beside;
    double text_h = 0;
    for (const ParagraphBlock& p : q.beside) {
      beside.emplace_back(&p, WrapSpans(w_, p.spans, text_w - p.indent, size));
      text_h += beside.back().second.size() * lh + size * 0.2;
    }
    const auto caption = WrapSpans(w_, {{q.caption, false}}, kQrSize, caption_size);
    const double qr_h = kQrSize + caption.size() * caption_size * kLeading;
    EnsureRoom(std::max(text_h, qr_h));

    const double qx = left_ + width_ - kQrSize;
    const double module = kQrSize / (qr.size + 2 * kQrQuietZone);
    const double x0 = qx + kQrQuietZone * module, y0 = y_ + kQrQuietZone * module;
    ForEachDarkRun(qr, [&](int x, int y, int length) {
      // A hair of overlap so that no seam shows between neighbouring rows when rasterised.
      w_.FillRect(x0 + x * module, y0 + y * module, length * module, module + 0.05);
    });
    for (size_t i = 0; i < caption.size(); ++i)
      DrawLine(caption[i], qx, kQrSize, y_ + kQrSize - 2 + i * caption_size * kLeading,
               caption_size, Align::kCenter);

    double y = y_;
    for (const auto& [p, lines] : beside) {
      for (const WrappedLine& line : lines) {
        DrawLine(line, left_ + p->indent, text_w - p->indent, y, size, p->align);
        y += lh;
      }
      y += size * 0.2;
    }
    y_ = std::max(y, y_ + qr_h) + 2;
    return Status::Ok();
  }

  Status Draw(const SignatureBlock& s) {
    if (s.signatures.empty()) return Status::Ok();
    const double size = doc_.font_size * 0.9, note_size = size * 0.9, space = 38;
    const double col = width_ / s.signatures.size(), text_w = col - 4;
    struct Column {
      std::vector<WrappedLine> title, note, name;
    };
    std::vector<Column> cols;
    double height = 0;
    for (const Signature& sig : s.signatures) {
      Column c{WrapSpans(w_, {{sig.title, true}}, text_w, size),
               WrapSpans(w_, {{sig.note, false}}, text_w, note_size),
               WrapSpans(w_, {{sig.name, true}}, text_w, size)};
      height = std::max(height, (c.title.size() + c.name.size()) * size * kLeading +
                                    c.note.size() * note_size * kLeading + space);
      cols.push_back(std::move(c));
    }
    EnsureRoom(height);  // the block is never split between pages
    for (size_t i = 0; i < cols.size(); ++i) {
      const double x = left_ + i * col;
      double y = y_;
      for (const WrappedLine& l : cols[i].title) {
        DrawLine(l, x, text_w, y, size, Align::kCenter);
        y += size * kLeading;
      }
      for (const WrappedLine& l : cols[i].note) {
        DrawLine(l, x, text_w, y, note_size, Align::kCenter);
        y += note_size * kLeading;
      }
      y += space;
      for (const WrappedLine& l : cols[i].name) {
        DrawLine(l, x, text_w, y, size, Align::kCenter);
        y += size * kLeading;
      }
    }
    y_ += height + 4;
    return Status::Ok();
  }

  Status Draw(const SpacerBlock& s) {
    if (y_ + s.height > bottom_) {
      NewPage();
    } else {
      y_ += s.height;
    }
    return Status::Ok();
  }

  PdfWriter& w_;
  const FormDocument& doc_;
  Margins m_;
  double left_ = 0, width_ = 0, bottom_ = 0, y_ = 0;
};

}  // namespace

Margins MarginsFor(PageSize page) {
  if (page.width > page.height) return {34, 28, 34, 34};  // A4 landscape register
  if (page.width > 500) return {57, 43, 57, 71};          // A4 portrait: 20/15/20/25 mm
  return {30, 28, 30, 45};                                // A5: 10.5/10/10.5/16 mm
}

std::vector<WrappedLine> WrapSpans(const PdfWriter& writer, const std::vector<Span>& spans,
                                   double width, double size) {
  std::vector<WrappedLine> lines(1);
  auto add = [&](std::string text, FontFace face, double space_w) {
    WrappedLine& line = lines.back();
    const double w = writer.TextWidth(text, face, size);
    if (!line.pieces.empty() && line.pieces.back().face == face) {
      if (space_w > 0) line.pieces.back().text += ' ';
      line.pieces.back().text += text;
    } else {
      line.pieces.push_back({std::move(text), face, line.width + space_w});
    }
    line.width += space_w + w;
  };
  for (Atom& atom : Atomize(spans)) {
    if (atom.line_break && !lines.back().pieces.empty()) lines.emplace_back();
    const double w = writer.TextWidth(atom.text, atom.face, size);
    const bool empty = lines.back().pieces.empty();
    const double space_w = atom.space_before && !empty ? writer.TextWidth(" ", atom.face, size) : 0;
    if (lines.back().width + space_w + w <= width + 1e-6) {
      add(std::move(atom.text), atom.face, space_w);
      continue;
    }
    if (!empty) lines.emplace_back();
    if (w <= width + 1e-6) {
      add(std::move(atom.text), atom.face, 0);
      continue;
    }
    // A word wider than the line: cut it between code points.
    std::string chunk;
    double chunk_w = 0;
    for (size_t i = 0; i < atom.text.size();) {
      const size_t start = i;
      NextCodePoint(atom.text, &i);
      const std::string cp = atom.text.substr(start, i - start);
      const double cw = writer.TextWidth(cp, atom.face, size);
      if (!chunk.empty() && chunk_w + cw > width + 1e-6) {
        add(std::move(chunk), atom.face, 0);
        lines.emplace_back();
        chunk.clear();
        chunk_w = 0;
      }
      chunk += cp;
      chunk_w += cw;
    }
    if (!chunk.empty()) add(std::move(chunk), atom.face, 0);
  }
  if (lines.size() > 1 && lines.back().pieces.empty()) lines.pop_back();
  return lines;
}

Result<std::string> RenderPdf(const FormDocument& doc) {
  MOTCUA_ASSIGN_OR_RETURN(PdfWriter writer, PdfWriter::Create(doc.page, doc.title));
  Layout layout(writer, doc);
  MOTCUA_RETURN_IF_ERROR(layout.Render());
  return writer.Finish();
}

}  // namespace motcua::forms
