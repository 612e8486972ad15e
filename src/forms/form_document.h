// FormDocument: a form as a list of layout blocks, built once per form (forms.cc) and rendered
// twice — to PDF (pdf_render.h) and to print-ready HTML (html_render.h) — so both twins always say
// the same thing.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "forms/pdf_writer.h"

namespace motcua::forms {

enum class Align { kLeft, kCenter, kRight };

struct Span {
  std::string text;
  bool bold = false;
};

// The two-column head of every form: issuing unit on the left, national motto on the right, the
// document number under the unit and the place/date line under the motto.
struct HeaderBlock {
  std::string form_label;     // "Mẫu số 01" (top right, small)
  std::string parent_agency;  // may be empty
  std::string agency_name;
  std::string document_number;  // "Số: …" line; empty prints a blank to fill in
  std::string place_date;       // "Bến Tre, ngày 14 tháng 7 năm 2025"
};

struct TitleBlock {
  std::string heading;   // in capitals
  std::string subtitle;  // optional line under it, e.g. the period of a register
};

// Running text; words wrap at the measured width, "\n" forces a break.
struct ParagraphBlock {
  std::vector<Span> spans;
  Align align = Align::kLeft;
  double indent = 0;  // points, left
};

struct TableColumn {
  std::string title;
  double weight = 1;  // share of the table width
  Align align = Align::kLeft;
};

// A ruled table; long cells wrap, rows split across pages and the header repeats on each page.
struct TableBlock {
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;
  double font_size = 0;  // 0: the document's table size
};

// A QR code of `url` at the right margin with a short caption under it, and `beside` — a few
// short paragraphs — in the remaining width to its left (kept on one page, not split).
struct QrBlock {
  std::string url;
  std::string caption;
  std::vector<ParagraphBlock> beside;
};

struct Signature {
  std::string title;  // "NGƯỜI TIẾP NHẬN HỒ SƠ"
  std::string note;   // "(Ký và ghi rõ họ tên)"
  std::string name;   // printed under the space for the signature
};
struct SignatureBlock {
  std::vector<Signature> signatures;  // side by side, equal widths
};

struct SpacerBlock {
  double height = 6;  // points
};

using Block = std::variant<HeaderBlock, TitleBlock, ParagraphBlock, TableBlock, QrBlock,
                           SignatureBlock, SpacerBlock>;

struct FormDocument {
  PageSize page = kA5Portrait;
  std::string title;     // document title (PDF metadata, HTML <title>)
  double font_size = 9;  // body text, points
  double table_font_size = 8;
  std::vector<Block> blocks;
};

}  // namespace motcua::forms
