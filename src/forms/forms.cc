#include "forms/forms.h"

#include <fmt/format.h>

#include "forms/html_render.h"
#include "forms/pdf_render.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

constexpr std::string_view kBlank = "……………………";
constexpr std::string_view kSignNote = "(Ký và ghi rõ họ tên)";
constexpr std::string_view kSealNote = "(Ký, ghi rõ họ tên và đóng dấu)";

std::string OrBlank(std::string_view s) { return s.empty() ? std::string(kBlank) : std::string(s); }

ParagraphBlock Field(std::string_view label, std::string_view value, bool bold_value = false) {
  return ParagraphBlock{{{std::string(label), false}, {OrBlank(value), bold_value}}};
}
ParagraphBlock Text(std::string text, Align align = Align::kLeft) {
  return ParagraphBlock{{{std::move(text), false}}, align};
}
ParagraphBlock Bold(std::string text) { return ParagraphBlock{{{std::move(text), true}}}; }

std::string DueText(const std::optional<int64_t>& due) {
  return due ? DateTimeVi(*due) : std::string("không quy định thời hạn");
}

class Builder {
 public:
  Builder(const FormRequest& r, Regime regime) : r_(r), regime_(regime) {}

  FormDocument Build() {
    doc_.title = std::string(FormTitle(regime_, r_.kind));
    if (!r_.dossier_code.empty()) doc_.title += " - " + r_.dossier_code;
    Header();
    Add(TitleBlock{std::string(FormHeading(regime_, r_.kind)), Subtitle()});
    switch (r_.kind) {
      case FormKind::kReceipt:
        Receipt();
        break;
      case FormKind::kSupplementRequest:
        Supplement();
        break;
      case FormKind::kRefusal:
        Refusal();
        break;
      case FormKind::kApology:
        Apology();
        break;
      case FormKind::kStopNotice:
        Stop();
        break;
      case FormKind::kControlSheet:
        ControlSheet();
        break;
      case FormKind::kRegister:
        Register();
        break;
    }
    return std::move(doc_);
  }

 private:
  template <typename B>
  void Add(B block) {
    doc_.blocks.emplace_back(std::move(block));
  }

  std::string Agency() const { return OrBlank(r_.header.agency_name); }

  void Header() {
    const int64_t date = r_.header.issued_at != 0 ? r_.header.issued_at : r_.received_at;
    std::string place_date =
        date != 0 ? PlaceDateVi(r_.header.place, date)
                  : fmt::format("{}, ngày … tháng … năm …", OrBlank(r_.header.place));
    Add(HeaderBlock{fmt::format("Mẫu số {}", *FormNumber(regime_, r_.kind)),
                    r_.header.parent_agency, OrBlank(r_.header.agency_name),
                    r_.header.document_number, std::move(place_date)});
  }

  std::string Subtitle() const {
    if (r_.kind == FormKind::kRegister) {
      std::string s;
      if (r_.register_from && r_.register_to) {
        s = fmt::format("Từ {} đến {}", DateVi(*r_.register_from), DateVi(*r_.register_to));
      }
      if (!r_.register_book.empty())
        s += (s.empty() ? "" : " - ") + ("Quyển số: " + r_.register_book);
      return s;
    }
    if (r_.kind == FormKind::kControlSheet)
      return "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ: " + r_.dossier_code +
             ")";
    return {};
  }

  std::vector<ParagraphBlock> ApplicantLines() const {
    std::vector<ParagraphBlock> lines{Field("Ông/Bà (tổ chức): ", r_.applicant.name, true)};
    if (!r_.applicant.id_number.empty())
      lines.push_back(Field("Số định danh cá nhân/Mã số doanh nghiệp: ", r_.applicant.id_number));
    lines.push_back(Field("Địa chỉ: ", r_.applicant.address));
    lines.push_back(ParagraphBlock{{{"Số điện thoại: ", false},
                                    {OrBlank(r_.applicant.phone), false},
                                    {"    Email: ", false},
                                    {OrBlank(r_.applicant.email), false}}});
    return lines;
  }
  void AddAll(std::vector<ParagraphBlock> blocks) {
    for (ParagraphBlock& b : blocks) Add(std::move(b));
  }

  void CodeLine() { Add(Field("Mã hồ sơ: ", r_.dossier_code, true)); }
  void ProcedureLine() { Add(Field("Nội dung yêu cầu giải quyết: ", r_.procedure_name)); }

  void Numbered(const std::vector<std::string>& items) {
    if (items.empty()) {
      Add(ParagraphBlock{{{std::string(kBlank), false}}, Align::kLeft, 12});
      return;
    }
    for (size_t i = 0; i < items.size(); ++i)
      Add(ParagraphBlock{{{fmt::format("{}. {}", i + 1, items[i]), false}}, Align::kLeft, 12});
  }

  std::string Reasons() const {
    std::string out;
    for (const std::string& r : r_.reasons) out += (out.empty() ? "" : "; ") + r;
    return OrBlank(out);
  }

  const Officer& Signer() const { return r_.signer.name.empty() ? r_.officer : r_.signer; }

  void Receipt() {
    // The code, the receiving unit and the applicant, with the QR code of the lookup page beside.
    std::vector<ParagraphBlock> top{Field("Mã hồ sơ: ", r_.dossier_code, true),
                                    Text(Agency() + " tiếp nhận hồ sơ của:")};
    for (ParagraphBlock& p : ApplicantLines()) top.push_back(std::move(p));
    if (r_.lookup_url.empty()) {
      AddAll(std::move(top));
    } else {
      Add(QrBlock{r_.lookup_url, "Quét mã để tra cứu hồ sơ", std::move(top)});
    }
    ProcedureLine();
    Add(Bold("1. Thành phần hồ sơ nộp gồm:"));
    TableBlock t{{{"TT", 1, Align::kCenter},
                  {"Tên giấy tờ", 8},
                  {"Bản chính", 1.8, Align::kCenter},
                  {"Bản sao", 1.8, Align::kCenter}},
                 {}};
    for (size_t i = 0; i < r_.components.size(); ++i) {
      const Component& c = r_.components[i];
      t.rows.push_back(
          {std::to_string(i + 1), c.name, std::to_string(c.originals), std::to_string(c.copies)});
    }
    if (t.rows.empty()) t.rows.push_back({"", "", "", ""});
    Add(std::move(t));
    Add(Field("2. Số lượng hồ sơ: ", fmt::format("{:02d} (bộ)", r_.number_of_sets)));
    Add(Field("3. Thời gian giải quyết hồ sơ theo quy định là: ", r_.time_limit_text));
    Add(Field("4. Thời gian nhận hồ sơ: ", r_.received_at ? DateTimeVi(r_.received_at) : ""));
    Add(Field("5. Thời gian trả kết quả giải quyết hồ sơ: ", DueText(r_.due_at), true));
    Add(Field("6. Đăng ký nhận kết quả tại: ", r_.result_return_place));
    Add(ParagraphBlock{
        {{"Vào Sổ theo dõi hồ sơ, Quyển số: ", false},
         {OrBlank(r_.register_book), false},
         {", Số thứ tự: ", false},
         {r_.register_sequence > 0 ? std::to_string(r_.register_sequence) : std::string(kBlank),
          false}}});
    if (!r_.lookup_url.empty()) Add(Field("Tra cứu tình trạng hồ sơ tại: ", r_.lookup_url));
    Add(SignatureBlock{{{"NGƯỜI NỘP HỒ SƠ", std::string(kSignNote), r_.applicant.name},
                        {"NGƯỜI TIẾP NHẬN HỒ SƠ", std::string(kSignNote), r_.officer.name}}});
  }

  void Supplement() {
    Add(Field("Hồ sơ của: ", r_.applicant.name, true));
    CodeLine();
    ProcedureLine();
    if (r_.received_at) Add(Field("Ngày tiếp nhận hồ sơ: ", DateTimeVi(r_.received_at)));
    if (r_.due_at) Add(Field("Thời gian hẹn trả kết quả: ", DateTimeVi(*r_.due_at)));
    Add(Text(Agency() + " yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"));
    Numbered(r_.missing_items);
    if (!r_.reasons.empty()) Add(Field("Lý do: ", Reasons()));
    Add(
        Text(fmt::format("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
                         "{} số điện thoại {} để được hướng dẫn.",
                         OrBlank(r_.officer.name), OrBlank(r_.officer.phone))));
    Add(SignatureBlock{{{"NGƯỜI NỘP HỒ SƠ", std::string(kSignNote), r_.applicant.name},
                        {"NGƯỜI HƯỚNG DẪN", std::string(kSignNote), r_.officer.name}}});
  }

  void Refusal() {
    Add(Text(Agency() + " tiếp nhận hồ sơ của:"));
    AddAll(ApplicantLines());
    ProcedureLine();
    if (!r_.dossier_code.empty()) CodeLine();
    Add(Text("Qua xem xét, " + Agency() +
             " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"));
    Numbered(r_.reasons);
    Add(Text("Xin thông báo để Ông/Bà được biết và thực hiện./."));
    Add(SignatureBlock{{{"NGƯỜI NỘP HỒ SƠ", std::string(kSignNote), r_.applicant.name},
                        {"NGƯỜI TIẾP NHẬN HỒ SƠ", std::string(kSignNote), r_.officer.name}}});
  }

  void ReceivedIntro() {
    Add(Text(fmt::format("{}, {} đã tiếp nhận hồ sơ của:",
                         r_.received_at ? "Ngày " + DateVi(domain::LocalDateOf(r_.received_at))
                                                        .substr(std::string_view("ngày ").size())
                                        : std::string("Ngày … tháng … năm …"),
                         Agency())));
    Add(Field("Ông/Bà (tổ chức): ", r_.applicant.name, true));
    CodeLine();
    ProcedureLine();
    Add(Field("Thời gian hẹn trả kết quả giải quyết hồ sơ: ", DueText(r_.due_at), true));
  }

  void Apology() {
    ReceivedIntro();
    Add(Text("Tuy nhiên đến nay, " + Agency() +
             " chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn ghi trên Giấy tiếp nhận hồ "
             "sơ và hẹn trả kết quả."));
    Add(Field("Lý do: ", Reasons()));
    const std::string when = r_.new_due_at ? DateTimeVi(*r_.new_due_at) : std::string(kBlank);
    if (regime_ == Regime::kCircular01_2018) {
      Add(Text("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của Ông/Bà. " + Agency() +
               " xin lỗi Ông/Bà và xin hẹn lại thời gian trả kết quả vào: "));
    } else {
      Add(Text(Agency() + " trân trọng xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết hồ "
                          "sơ đến: "));
    }
    Add(ParagraphBlock{{{when, true}}, Align::kCenter});
    Add(Text("Xin trân trọng cảm ơn./."));
    Add(SignatureBlock{
        {{"", "", ""}, {"THỦ TRƯỞNG CƠ QUAN", std::string(kSealNote), Signer().name}}});
  }

  void Stop() {
    ReceivedIntro();
    Add(Text(Agency() + " thông báo dừng giải quyết hồ sơ nêu trên."));
    Add(Field("Lý do: ", r_.stop_reason));
    Add(Text("Xin thông báo để Ông/Bà được biết./."));
    Add(SignatureBlock{
        {{"", "", ""}, {"THỦ TRƯỞNG CƠ QUAN", std::string(kSealNote), Signer().name}}});
  }

  void ControlSheet() {
    CodeLine();
    Add(Field("Người nộp hồ sơ: ", r_.applicant.name));
    Add(Field("Thủ tục hành chính: ", r_.procedure_name));
    Add(Field("Thời gian nhận hồ sơ: ", r_.received_at ? DateTimeVi(r_.received_at) : ""));
    Add(Field("Thời gian hẹn trả kết quả: ", DueText(r_.due_at), true));
    Add(Field("Cơ quan (bộ phận) giải quyết hồ sơ: ", r_.handling_agency));
    Add(Field("Cơ quan phối hợp giải quyết hồ sơ: ", r_.coordinating_agencies));
    TableBlock t{{{"TT", 1.1, Align::kCenter},
                  {"Bên giao", 5},
                  {"Bên nhận", 5},
                  {"Thời gian giao, nhận", 3.6, Align::kCenter},
                  {"Hạn xử lý", 3.6, Align::kCenter},
                  {"Kết quả (trước hạn / đúng hạn / quá hạn)", 3.4, Align::kCenter},
                  {"Ghi chú", 3}},
                 {},
                 7.5};
    for (size_t i = 0; i < r_.hand_overs.size(); ++i) {
      const HandOver& h = r_.hand_overs[i];
      auto party = [](const std::string& agency, const std::string& person) {
        if (person.empty()) return agency;
        if (agency.empty()) return person;
        return agency + "\n" + person;
      };
      t.rows.push_back({std::to_string(i + 1), party(h.from_agency, h.from_person),
                        party(h.to_agency, h.to_person), DateTimeShort(h.handed_at),
                        h.due_at ? DateTimeShort(*h.due_at) : "",
                        h.timeliness ? std::string(domain::TimelinessLabelVi(*h.timeliness)) : "",
                        h.note});
    }
    if (t.rows.empty()) t.rows.push_back({"", "", "", "", "", "", ""});
    Add(std::move(t));
  }

  void Register() {
    doc_.page = kA4Landscape;
    doc_.font_size = 9;
    doc_.table_font_size = 7;
    TableBlock t{{{"TT", 2.4, Align::kCenter},
                  {"Mã hồ sơ", 12.6},
                  {"Tên thủ tục hành chính", 13},
                  {"Số lượng hồ sơ (bộ)", 3.4, Align::kCenter},
                  {"Tên cá nhân, tổ chức", 8.6},
                  {"Địa chỉ, số điện thoại", 9},
                  {"Cơ quan chủ trì giải quyết", 8},
                  {"Nhận hồ sơ", 5.8, Align::kCenter},
                  {"Hẹn trả kết quả", 5.8, Align::kCenter},
                  {"Chuyển hồ sơ đến cơ quan giải quyết", 5.8, Align::kCenter},
                  {"Trả kết quả", 5.8, Align::kCenter},
                  {"Tình trạng", 4.8, Align::kCenter},
                  {"Ghi chú", 5}},
                 {}};
    t.rows.reserve(r_.register_rows.size());
    auto when = [](const std::optional<int64_t>& t) { return t ? DateTimeShort(*t) : ""; };
    for (size_t i = 0; i < r_.register_rows.size(); ++i) {
      const RegisterRow& row = r_.register_rows[i];
      t.rows.push_back(
          {std::to_string(i + 1), row.dossier_code, row.procedure_name,
           std::to_string(row.number_of_sets), row.applicant_name, row.applicant_contact,
           row.handling_agency, DateTimeShort(row.received_at), when(row.due_at),
           when(row.transferred_at), when(row.returned_at),
           row.timeliness ? std::string(domain::TimelinessLabelVi(*row.timeliness)) : "",
           row.note});
    }
    if (t.rows.empty()) t.rows.push_back(std::vector<std::string>(13));
    Add(std::move(t));
    Add(Text(fmt::format("Tổng số: {} hồ sơ.", r_.register_rows.size())));
  }

  const FormRequest& r_;
  Regime regime_;
  FormDocument doc_;
};

// Keeps ASCII letters, digits, '.', '-' and '_'; anything else becomes '-'.
std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out += ok ? c : '-';
  }
  return out;
}

}  // namespace

Regime EffectiveRegime(const FormRequest& request) {
  if (request.regime) return *request.regime;
  if (request.kind == FormKind::kRegister) {
    if (request.register_from) return RegimeFor(domain::StartOfLocalDay(*request.register_from));
    if (request.header.issued_at) return RegimeFor(request.header.issued_at);
  }
  return RegimeFor(request.received_at);
}

Result<FormDocument> BuildForm(const FormRequest& request) {
  const Regime regime = EffectiveRegime(request);
  if (!FormNumber(regime, request.kind)) {
    return Status(Code::kNotFound, "form_not_found", "form",
                  fmt::format("{} không có mẫu biểu này.", InfoOf(regime).legal_basis),
                  "No such form in the set of forms that applies to this dossier.");
  }
  if (request.kind != FormKind::kRegister && request.kind != FormKind::kRefusal &&
      request.dossier_code.empty()) {
    return Status::Validation("missing_field", "dossier_code");
  }
  return Builder(request, regime).Build();
}

Result<std::string> RenderFormPdf(const FormRequest& request) {
  MOTCUA_ASSIGN_OR_RETURN(FormDocument doc, BuildForm(request));
  return RenderPdf(doc);
}

Result<std::string> RenderFormHtml(const FormRequest& request) {
  MOTCUA_ASSIGN_OR_RETURN(FormDocument doc, BuildForm(request));
  return RenderHtml(doc);
}

std::string FormFileName(const FormRequest& request, std::string_view extension) {
  if (request.kind == FormKind::kRegister) {
    std::string name = "so-theo-doi-ho-so";
    if (request.register_from) name += "-" + request.register_from->ToString();
    if (request.register_to) name += "-" + request.register_to->ToString();
    return fmt::format("{}.{}", name, Slug(extension));
  }
  const auto number = FormNumber(EffectiveRegime(request), request.kind);
  return fmt::format("mau-{}-{}.{}", number ? *number : "00", Slug(request.dossier_code),
                     Slug(extension));
}

}  // namespace motcua::forms
