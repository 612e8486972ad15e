#include "common/messages.h"

#include <string_view>
#include <unordered_map>

namespace motcua {
namespace {

struct Text {
  std::string_view vi;
  std::string_view en;
};

const std::unordered_map<std::string_view, Text>& Catalogue() {
  static const auto* catalogue = new std::unordered_map<std::string_view, Text>{
      {"invalid_json", {"Dữ liệu JSON không hợp lệ.", "The request body is not valid JSON."}},
      {"invalid_argument", {"Tham số không hợp lệ.", "Invalid parameter."}},
      {"missing_field", {"Thiếu thông tin bắt buộc.", "A required field is missing."}},
      {"invalid_field", {"Giá trị không hợp lệ.", "Invalid value."}},
      {"unauthenticated", {"Vui lòng đăng nhập.", "Please log in."}},
      {"invalid_credentials",
       {"Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password."}},
      {"session_expired",
       {"Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.",
        "Your session has expired; please log in again."}},
      {"forbidden", {"Bạn không có quyền thực hiện thao tác này.", "You may not do this."}},
      {"agency_scope",
       {"Bạn không có quyền với dữ liệu của cơ quan này.",
        "You have no access to this agency's data."}},
      {"csrf_failed",
       {"Yêu cầu không hợp lệ (thiếu hoặc sai mã chống giả mạo CSRF). Vui lòng tải lại trang.",
        "Missing or wrong CSRF token; reload the page."}},
      {"not_found", {"Không tìm thấy.", "Not found."}},
      {"route_not_found", {"Không tìm thấy đường dẫn yêu cầu.", "No such route."}},
      {"method_not_allowed",
       {"Phương thức không được hỗ trợ cho đường dẫn này.", "Method not allowed for this route."}},
      {"conflict", {"Dữ liệu đã bị thay đổi hoặc đã tồn tại.", "Conflict with the current state."}},
      {"already_exists", {"Dữ liệu đã tồn tại.", "Already exists."}},
      {"constraint_failed",
       {"Dữ liệu không thỏa mãn ràng buộc (thiếu thông tin hoặc tham chiếu không tồn tại).",
        "The data violates a constraint (missing value or unknown reference)."}},
      {"unknown_procedure", {"Không tìm thấy thủ tục hành chính.", "No such procedure."}},
      {"stale_version",
       {"Hồ sơ đã được người khác cập nhật, vui lòng tải lại.",
        "Someone else changed this record; reload it."}},
      {"payload_too_large",
       {"Dữ liệu gửi lên vượt quá dung lượng cho phép.", "The request body is too large."}},
      {"unsupported_media_type",
       {"Định dạng dữ liệu không được hỗ trợ (cần application/json).",
        "Unsupported media type (application/json expected)."}},
      {"too_many_requests",
       {"Quá nhiều yêu cầu, vui lòng thử lại sau.", "Too many requests; try again later."}},
      {"too_many_login_attempts",
       {"Đăng nhập sai quá nhiều lần, vui lòng thử lại sau.",
        "Too many failed log-ins; try again later."}},
      {"internal",
       {"Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên kèm mã yêu cầu.",
        "Internal error. Try again or report the request id to the administrator."}},
      {"unavailable", {"Hệ thống tạm thời không sẵn sàng.", "Service temporarily unavailable."}},
      {"invalid_agency_code",
       {"Mã định danh cơ quan không hợp lệ (các nhóm chữ số hoặc chữ in hoa cách nhau bởi dấu "
        "chấm, tối đa 35 ký tự).",
        "Invalid agency identifier (dot-separated groups of 0-9A-Z, at most 35 characters)."}},
      {"invalid_agency_type", {"Loại cơ quan không hợp lệ.", "Invalid agency type."}},
      {"unknown_agency", {"Không tìm thấy cơ quan.", "No such agency."}},
      {"invalid_role", {"Vai trò không hợp lệ.", "Invalid role."}},
      {"weak_password",
       {"Mật khẩu phải có ít nhất 8 ký tự.", "The password must have at least 8 characters."}},
      {"invalid_username",
       {"Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang (3–64 "
        "ký tự).",
        "Usernames use a-z, 0-9, '.', '_' and '-' (3–64 characters)."}},
      {"invalid_procedure_code",
       {"Mã thủ tục hành chính không hợp lệ (ví dụ 1.001193).",
        "Invalid procedure code (e.g. 1.001193)."}},
      {"invalid_date", {"Ngày không hợp lệ (định dạng YYYY-MM-DD).", "Invalid date (YYYY-MM-DD)."}},
      {"workflow_quota_mismatch",
       {"Tổng thời gian các bước của quy trình nội bộ phải bằng thời hạn giải quyết theo quy định.",
        "The workflow quotas must add up to the legal time limit."}},
      {"import_row_invalid",
       {"Tệp nhập có dòng không hợp lệ; không dữ liệu nào được nhập.",
        "A row of the file is invalid; nothing was imported."}},
      {"invalid_csv", {"Tệp CSV không hợp lệ.", "Invalid CSV file."}},
      {"effective_from_too_early",
       {"Ngày áp dụng của phiên bản mới không được trước phiên bản hiện hành.",
        "The new version cannot take effect before the current one."}},
      {"duplicate_code", {"Mã thủ tục bị trùng trong tệp.", "Duplicate procedure code in the file."}},
      {"agency_cycle",
       {"Cơ quan cấp trên không thể là chính nó hoặc cơ quan cấp dưới của nó.",
        "An agency cannot be its own ancestor."}},
      // Dossier lifecycle.
      {"invalid_transition",
       {"Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.",
        "This action is not possible in the dossier's current state."}},
      {"role_cannot_act",
       {"Vai trò của bạn không được thực hiện thao tác này với hồ sơ.",
        "Your role may not take this action on the dossier."}},
      {"already_extended",
       {"Hồ sơ đã được gia hạn một lần; không được gia hạn lần nữa.",
        "The dossier was already extended once; it cannot be extended again."}},
      {"no_next_step",
       {"Đây là bước cuối của quy trình; hãy kết thúc hoặc phê duyệt hồ sơ.",
        "This is the workflow's last step; finish or approve the dossier."}},
      {"steps_remaining",
       {"Quy trình còn bước chưa thực hiện; chưa thể kết thúc hồ sơ.",
        "Workflow steps remain; the dossier cannot be finished yet."}},
      {"reason_required", {"Vui lòng nhập lý do.", "A reason is required."}},
      {"extension_after_deadline",
       {"Phải gia hạn (gửi văn bản xin lỗi) trước khi hết hạn giải quyết.",
        "An extension must be made before the deadline passes."}},
      {"extension_not_later",
       {"Ngày hẹn trả mới phải sau ngày hẹn hiện tại.",
        "The new due date must be later than the current one."}},
      {"invalid_dossier_code",
       {"Mã hồ sơ không hợp lệ (dạng <mã cơ quan>-<YYMMDD>-<NNNN>).",
        "Invalid dossier code (<agency>-<YYMMDD>-<NNNN>)."}},
      {"invalid_id_number",
       {"Số căn cước công dân phải gồm đúng 12 chữ số.",
        "The citizen identity number must be exactly 12 digits."}},
      {"invalid_id_province",
       {"Số căn cước công dân có mã tỉnh (3 chữ số đầu) không hợp lệ.",
        "The identity number's province code (first 3 digits) is invalid."}},
      {"invalid_id_birth_year",
       {"Số căn cước công dân có mã thế kỷ hoặc năm sinh không hợp lệ.",
        "The identity number's century or birth-year digits are invalid."}},
      {"id_birth_year_mismatch",
       {"Năm sinh trong số căn cước công dân không khớp với ngày sinh.",
        "The birth year in the identity number does not match the date of birth."}},
      {"invalid_date_of_birth", {"Ngày sinh không hợp lệ.", "Invalid date of birth."}},
      {"invalid_phone",
       {"Số điện thoại không hợp lệ (di động 10 số hoặc cố định 11 số bắt đầu bằng 02).",
        "Invalid phone number (10-digit mobile or 11-digit landline starting 02)."}},
      {"invalid_tax_code",
       {"Mã số thuế không hợp lệ (10 số đúng chữ số kiểm tra, hoặc 13 số dạng NNNNNNNNNN-NNN).",
        "Invalid tax code (10 digits with a valid check digit, or 13 as NNNNNNNNNN-NNN)."}},
      {"invalid_email", {"Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address."}},
      {"invalid_applicant_type",
       {"Loại người nộp hồ sơ phải là công dân hoặc tổ chức.",
        "The applicant type must be citizen or organisation."}},
      {"idempotency_key_reused",
       {"Khóa Idempotency-Key đã được dùng cho một yêu cầu khác.",
        "This Idempotency-Key was already used for a different request."}},
  };
  return *catalogue;
}

}  // namespace

std::string LookupMessage(std::string_view reason, std::string_view locale) {
  const auto& cat = Catalogue();
  auto it = cat.find(reason);
  if (it == cat.end()) it = cat.find("invalid_field");
  return std::string(locale == "en" ? it->second.en : it->second.vi);
}

}  // namespace motcua
