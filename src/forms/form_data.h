// The data printed on the official forms (Mẫu 01–07), as plain structs filled by the caller (the
// dossier service) — the forms layer reads no database. Instants are Unix seconds and are printed
// in Vietnam time (UTC+7). Empty strings print as dotted blanks to be filled in by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/local_date.h"
#include "domain/timeliness.h"

namespace motcua::forms {

// The legal set of forms a dossier is printed with (form_catalog.h picks it by reception date).
enum class Regime {
  kCircular01_2018,  // Thông tư 01/2018/TT-VPCP: 6 forms
  kCircular03_2025,  // Thông tư 03/2025/TT-VPCP: 7 forms
};

// What a form is, independent of its number (which differs between regimes).
enum class FormKind {
  kReceipt,            // Giấy tiếp nhận hồ sơ và hẹn trả kết quả (01)
  kSupplementRequest,  // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (02)
  kRefusal,            // Phiếu từ chối tiếp nhận giải quyết hồ sơ (03)
  kApology,            // xin lỗi và hẹn lại ngày / đề nghị gia hạn (04)
  kStopNotice,         // Thông báo dừng giải quyết hồ sơ (05, 2025 only)
  kControlSheet,  // Phiếu kiểm soát quá trình giải quyết hồ sơ (05 in 2018, 06 in 2025)
  kRegister,      // Sổ theo dõi hồ sơ (06 in 2018, 07 in 2025)
};

// The issuing unit and the document line of the header.
struct FormHeader {
  std::string parent_agency;  // cơ quan chủ quản, e.g. "UBND TỈNH BẾN TRE" (printed as given)
  std::string agency_name;  // e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" (printed as given)
  std::string document_number;  // số văn bản, e.g. "0042/TNHS"; printed after "Số: "
  std::string place;            // địa danh of the date line, e.g. "Bến Tre"
  int64_t issued_at = 0;        // date of the document (the "ngày … tháng … năm …" line)
};

struct Applicant {
  std::string name;       // tên tổ chức, cá nhân
  std::string id_number;  // số định danh cá nhân / CCCD, or the enterprise code
  std::string address;
  std::string phone;
  std::string email;
};

// One dossier component (thành phần hồ sơ) with the counts of originals and copies handed in.
struct Component {
  std::string name;
  int originals = 0;  // bản chính
  int copies = 0;     // bản sao
};

struct Officer {
  std::string name;
  std::string title;  // chức danh, optional
  std::string phone;  // for the "liên hệ" line of Mẫu 02, optional
};

// One hand-over recorded on the process-control sheet: who gave the dossier to whom and when,
// the step's due instant and, once the step finished, its timeliness.
struct HandOver {
  std::string from_agency;
  std::string from_person;
  std::string to_agency;
  std::string to_person;
  int64_t handed_at = 0;
  std::optional<int64_t> due_at;                 // hạn xử lý of the step received
  std::optional<domain::Timeliness> timeliness;  // trước hạn / đúng hạn / quá hạn
  std::string note;
};

// One line of the dossier register (sổ theo dõi hồ sơ).
struct RegisterRow {
  std::string dossier_code;
  std::string procedure_name;
  int number_of_sets = 1;
  std::string applicant_name;
  std::string applicant_contact;  // address, phone
  std::string handling_agency;    // cơ quan chủ trì giải quyết
  int64_t received_at = 0;
  std::optional<int64_t> due_at;
  std::optional<int64_t> transferred_at;  // chuyển hồ sơ đến cơ quan giải quyết
  std::optional<int64_t> returned_at;     // trả kết quả cho tổ chức, cá nhân
  std::optional<domain::Timeliness> timeliness;
  std::string note;
};

// Everything any form may print; each form reads the fields it needs (see forms.h).
struct FormRequest {
  FormKind kind = FormKind::kReceipt;
  // The regime to print with; when unset it follows received_at (form_catalog.h RegimeFor).
  std::optional<Regime> regime;
  FormHeader header;

  std::string dossier_code;  // e.g. "000.00.15.H12-250714-0042"
  Applicant applicant;
  std::string procedure_name;  // nội dung yêu cầu giải quyết / tên thủ tục hành chính
  std::vector<Component> components;
  int number_of_sets = 1;  // số lượng hồ sơ (bộ)
  std::string time_limit_text;  // thời hạn giải quyết theo quy định, e.g. "05 ngày làm việc"
  int64_t received_at = 0;        // thời gian nhận hồ sơ
  std::optional<int64_t> due_at;  // thời gian hẹn trả kết quả (none: no legal time limit)
  std::string
      result_return_place;  // nơi nhận kết quả, e.g. "Tại Bộ phận Một cửa" / "Qua bưu chính"
  std::string register_book;      // Sổ theo dõi hồ sơ: quyển số
  int64_t register_sequence = 0;  // số thứ tự in the register (0: not yet entered)
  std::string lookup_url;         // public status page of the dossier; encoded as the QR code

  Officer officer;  // who receives / guides / signs for the one-stop unit
  Officer signer;   // head of the agency for Mẫu 04 and 05 (falls back to officer if empty)
  std::vector<std::string> reasons;        // lý do (refusal, apology, supplement)
  std::vector<std::string> missing_items;  // nội dung cần bổ sung, hoàn thiện (Mẫu 02)
  std::optional<int64_t> new_due_at;       // hẹn lại / gia hạn đến (Mẫu 04)
  std::string stop_reason;                 // lý do dừng giải quyết (Mẫu 05, 2025)

  std::string handling_agency;  // cơ quan (bộ phận) giải quyết hồ sơ (control sheet)
  std::string coordinating_agencies;  // cơ quan phối hợp giải quyết hồ sơ (control sheet)
  std::vector<HandOver> hand_overs;  // the control sheet's rows, in time order

  // Register (Sổ theo dõi hồ sơ): the period covered and its rows.
  std::optional<domain::LocalDate> register_from;
  std::optional<domain::LocalDate> register_to;
  std::vector<RegisterRow> register_rows;
};

}  // namespace motcua::forms
