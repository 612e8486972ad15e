#include "forms/html_render.h"

#include <fmt/format.h>

#include <iterator>

#include "forms/qr.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

constexpr std::string_view kStyle = R"css(
*{box-sizing:border-box}
body{margin:0;color:#000;background:#fff;font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;
  font-size:{size}pt;line-height:1.3}
.sheet{width:{width}mm;margin:0 auto;padding:{mt}mm {mr}mm {mb}mm {ml}mm;overflow-wrap:anywhere}
@page{size:{page};margin:0}
@media screen{body{background:#eee}.sheet{background:#fff;margin:8mm auto;box-shadow:0 0 4px #999}}
.label{text-align:right;font-size:7pt}
.hdr{display:flex;gap:6pt;font-size:{hsize}pt;text-align:center}
.hdr .l{flex:0 0 42%}.hdr .r{flex:1}
.hdr .agency,.hdr .motto{font-weight:bold}
.hdr .rule{width:40%;margin:1pt auto 3pt;border-top:.5pt solid #000}
.title{text-align:center;font-weight:bold;font-size:{tsize}pt;margin:8pt 0 4pt}
.subtitle{text-align:center;margin-bottom:6pt}
p{margin:0 0 2pt}
p.c{text-align:center}p.r{text-align:right}
table.grid{width:100%;border-collapse:collapse;font-size:{tbsize}pt;margin:2pt 0 6pt}
table.grid th,table.grid td{border:.5pt solid #000;padding:2pt 2.5pt;vertical-align:top}
table.grid th{text-align:center}
table.grid td.c{text-align:center}table.grid td.r{text-align:right}
thead{display:table-header-group}tr{break-inside:avoid}
.qrrow{display:flex;gap:6pt;align-items:flex-start;break-inside:avoid}.qrrow .side{flex:1}
.qrfig{margin:0;width:27mm;text-align:center;font-size:6.5pt}.qrfig svg{width:27mm;height:27mm}
.sig{display:flex;break-inside:avoid;margin-top:6pt}
.sig>div{flex:1;text-align:center}
.sig .t{font-weight:bold}.sig .n{font-size:.9em}.sig .space{height:16mm}.sig .name{font-weight:bold}
)css";

std::string Style(const FormDocument& doc) {
  const bool landscape = doc.page.width > doc.page.height;
  const bool a4 = doc.page.width > 500 || landscape;
  std::string css(kStyle);
  auto replace = [&](std::string_view key, const std::string& value) {
    for (size_t at = css.find(key); at != std::string::npos; at = css.find(key, at + value.size()))
      css.replace(at, key.size(), value);
  };
  const double width_mm = doc.page.width / 72 * 25.4;
  replace("{size}", fmt::format("{:g}", doc.font_size));
  replace("{hsize}", fmt::format("{:g}", doc.font_size * 0.85));
  replace("{tsize}", fmt::format("{:g}", doc.font_size * 1.2));
  replace("{tbsize}", fmt::format("{:g}", doc.table_font_size));
  replace("{width}", fmt::format("{:.0f}", width_mm));
  replace("{page}", landscape ? "A4 landscape" : a4 ? "A4 portrait" : "A5 portrait");
  replace("{mt}", landscape ? "12" : "14");
  replace("{mr}", "10");
  replace("{mb}", landscape ? "12" : "14");
  replace("{ml}", landscape ? "12" : "17");
  return css;
}

std::string Spans(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) {
    std::string text = HtmlEscape(s.text);
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at))
      text.replace(at, 1, "<br>");
    if (s.bold) {
      out += "<b>" + text + "</b>";
    } else {
      out += text;
    }
  }
  return out;
}

const char* AlignClass(Align a) {
  switch (a) {
    case Align::kCenter:
      return " class=\"c\"";
    case Align::kRight:
      return " class=\"r\"";
    default:
      return "";
  }
}

class HtmlOut {
 public:
  explicit HtmlOut(std::string& out) : out_(out) {}

  Status operator()(const HeaderBlock& h) {
    auto& o = out_;
    if (!h.form_label.empty()) o += "<div class=\"label\">" + HtmlEscape(h.form_label) + "</div>";
    o += "<div class=\"hdr\"><div class=\"l\">";
    if (!h.parent_agency.empty()) o += "<div>" + HtmlEscape(h.parent_agency) + "</div>";
    o += "<div class=\"agency\">" + HtmlEscape(h.agency_name) + "</div><div class=\"rule\"></div>";
    o +=
        "<div>Số: " +
        (h.document_number.empty() ? std::string("………………") : HtmlEscape(h.document_number)) +
        "</div></div><div class=\"r\"><div class=\"motto\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>"
        "<div class=\"motto\"><u>Độc lập - Tự do - Hạnh phúc</u></div><div>&nbsp;</div>"
        "<div class=\"date\">" +
        HtmlEscape(h.place_date) + "</div></div></div>\n";
    return Status::Ok();
  }
  Status operator()(const TitleBlock& t) {
    out_ += "<h1 class=\"title\">" + HtmlEscape(t.heading) + "</h1>";
    if (!t.subtitle.empty()) out_ += "<div class=\"subtitle\">" + HtmlEscape(t.subtitle) + "</div>";
    out_ += '\n';
    return Status::Ok();
  }
  Status operator()(const ParagraphBlock& p) {
    out_ += "<p";
    out_ += AlignClass(p.align);
    if (p.indent > 0) out_ += fmt::format(" style=\"padding-left:{:g}pt\"", p.indent);
    // Separate appends: GCC 12 -O3 flags `">" + std::string` with a false -Wrestrict.
    out_ += '>';
    out_ += Spans(p.spans);
    out_ += "</p>\n";
    return Status::Ok();
  }
  Status operator()(const TableBlock& t) {
    out_ += "<table class=\"grid\"><colgroup>";
    double total = 0;
    for (const TableColumn& c : t.columns) total += c.weight;
    for (const TableColumn& c : t.columns)
      out_ += fmt::format("<col style=\"width:{:.2f}%\">", 100 * c.weight / total);
    out_ += "</colgroup><thead><tr>";
    for (const TableColumn& c : t.columns) out_ += "<th>" + HtmlEscape(c.title) + "</th>";
    out_ += "</tr></thead><tbody>\n";
    for (const auto& row : t.rows) {
      out_ += "<tr>";
      for (size_t c = 0; c < t.columns.size(); ++c) {
        out_ += "<td";
        out_ += AlignClass(t.columns[c].align);
        out_ += ">";
        if (c < row.size()) out_ += HtmlEscape(row[c]);
        out_ += "</td>";
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody></table>\n";
    return Status::Ok();
  }
  Status operator()(const QrBlock& q) {
    MOTCUA_ASSIGN_OR_RETURN(QrMatrix qr, EncodeQr(q.url));
    out_ += "<div class=\"qrrow\"><div class=\"side\">";
    for (const ParagraphBlock& p : q.beside) MOTCUA_RETURN_IF_ERROR((*this)(p));
    out_ += "</div><figure class=\"qrfig\"><a href=\"" + HtmlEscape(q.url) + "\">" +
            QrSvg(qr, 101) + "</a><figcaption>" + HtmlEscape(q.caption) +
            "</figcaption></figure></div>\n";
    return Status::Ok();
  }
  Status operator()(const SignatureBlock& s) {
    out_ += "<div class=\"sig\">";
    for (const Signature& sig : s.signatures) {
      out_ += "<div><div class=\"t\">" + HtmlEscape(sig.title) + "</div>";
      if (!sig.note.empty()) out_ += "<div class=\"n\">" + HtmlEscape(sig.note) + "</div>";
      out_ +=
          "<div class=\"space\"></div><div class=\"name\">" + HtmlEscape(sig.name) + "</div></div>";
    }
    out_ += "</div>\n";
    return Status::Ok();
  }
  Status operator()(const SpacerBlock& s) {
    out_ += fmt::format("<div style=\"height:{:g}pt\"></div>\n", s.height);
    return Status::Ok();
  }

 private:
  std::string& out_;
};

}  // namespace

Result<std::string> RenderHtml(const FormDocument& doc) {
  std::string out;
  out.reserve(16384);
  out +=
      "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  out += HtmlEscape(doc.title);
  out += "</title><style>" + Style(doc) + "</style></head><body><main class=\"sheet\">\n";
  HtmlOut visitor(out);
  for (const Block& block : doc.blocks) MOTCUA_RETURN_IF_ERROR(std::visit(visitor, block));
  out += "</main></body></html>\n";
  return out;
}

}  // namespace motcua::forms
