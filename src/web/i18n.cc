#include "web/i18n.h"

#include <boost/json.hpp>

namespace motcua::web {
namespace {

namespace json = boost::json;

struct Entry {
  const char* key;
  const char* vi;
  const char* en;
};

// clang-format off
constexpr Entry kMessages[] = {
  {"site_name", "Hệ thống thông tin giải quyết thủ tục hành chính một cửa", "One-stop administrative procedure system"},
  {"site_short", "MotCua", "MotCua"},
  {"skip_to_content", "Bỏ qua, đến nội dung chính", "Skip to main content"},
  {"nav_label", "Điều hướng chính", "Main navigation"},
  {"nav_home", "Trang chủ", "Home"},
  {"nav_catalogue", "Thủ tục hành chính", "Procedures"},
  {"nav_lookup", "Tra cứu hồ sơ", "Track a dossier"},
  {"nav_my", "Hồ sơ của tôi", "My dossiers"},
  {"nav_counter", "Quầy tiếp nhận", "Reception counter"},
  {"nav_backoffice", "Xử lý hồ sơ", "Work queues"},
  {"nav_dashboard", "Điều hành", "Dashboard"},
  {"nav_admin", "Quản trị", "Administration"},
  {"login", "Đăng nhập", "Log in"},
  {"logout", "Đăng xuất", "Log out"},
  {"register", "Đăng ký tài khoản", "Create an account"},
  {"footer", "MotCua — phần mềm mã nguồn mở phục vụ cơ chế một cửa, một cửa liên thông.", "MotCua — open-source software for the one-stop mechanism."},
  {"back_home", "Về trang chủ", "Back to the home page"},
  {"error_title", "Có lỗi", "Error"},
  {"not_found", "Không tìm thấy trang bạn yêu cầu.", "The page you asked for was not found."},
  {"forbidden", "Bạn không có quyền truy cập trang này.", "You may not open this page."},
  {"csrf_failed", "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.", "The form expired or is not valid. Reload the page and try again."},
  {"home_title", "Dịch vụ công một cửa", "One-stop public services"},
  {"home_intro", "Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến, theo dõi tiến độ giải quyết và đánh giá mức độ hài lòng.", "Find administrative procedures, apply online, track your dossier and rate the service."},
  {"search_label", "Tìm thủ tục hành chính", "Find a procedure"},
  {"search_placeholder", "Ví dụ: đăng ký khai sinh", "For example: birth registration"},
  {"search", "Tìm kiếm", "Search"},
  {"lookup", "Tra cứu", "Look up"},
  {"lookup_title", "Tra cứu hồ sơ", "Track a dossier"},
  {"lookup_intro", "Nhập mã hồ sơ ghi trên giấy tiếp nhận để xem tình trạng giải quyết.", "Enter the code printed on your receipt to see the dossier's status."},
  {"lookup_hint", "Mã hồ sơ có dạng: mã cơ quan-năm tháng ngày-số thứ tự. Thông tin cá nhân được che một phần.", "A dossier code reads agency code-YYMMDD-sequence. Personal data is partly masked."},
  {"lookup_not_found", "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy tiếp nhận.", "No dossier has this code. Check the code on your receipt."},
  {"lookup_unavailable", "Chức năng tra cứu hồ sơ chưa sẵn sàng trên máy chủ này.", "Dossier tracking is not available on this server yet."},
  {"lookup_rate_limited", "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.", "Too many look-ups. Please try again in a few minutes."},
  {"dossier_code", "Mã hồ sơ", "Dossier code"},
  {"dossier", "Hồ sơ", "Dossier"},
  {"procedure", "Thủ tục", "Procedure"},
  {"applicant", "Người nộp", "Applicant"},
  {"status", "Tình trạng", "Status"},
  {"received_at", "Ngày tiếp nhận", "Received"},
  {"due_at", "Ngày hẹn trả kết quả", "Due"},
  {"current_agency", "Cơ quan đang giải quyết", "Agency now handling it"},
  {"progress", "Quá trình giải quyết", "Progress"},
  {"stats_title", "Công khai thủ tục", "Published procedures"},
  {"stats_procedures", "thủ tục hành chính đang có hiệu lực", "procedures in force"},
  {"stats_online", "thủ tục có dịch vụ công trực tuyến", "procedures available online"},
  {"stats_fields", "lĩnh vực", "fields"},
  {"browse_fields", "Thủ tục theo lĩnh vực", "Procedures by field"},
  {"catalogue_title", "Thủ tục hành chính", "Administrative procedures"},
  {"field", "Lĩnh vực", "Field"},
  {"all_fields", "Tất cả lĩnh vực", "All fields"},
  {"agency", "Cơ quan", "Agency"},
  {"all_agencies", "Tất cả cơ quan", "All agencies"},
  {"no_results", "Không có thủ tục nào phù hợp. Hãy thử từ khóa ngắn hơn.", "No procedure matches. Try fewer words."},
  {"results_summary", "Tìm thấy {total} thủ tục", "{total} procedures found"},
  {"pages", "Trang kết quả", "Result pages"},
  {"prev_page", "Trang trước", "Previous page"},
  {"next_page", "Trang sau", "Next page"},
  {"procedure_code", "Mã thủ tục", "Procedure code"},
  {"version", "phiên bản", "version"},
  {"retired", "Đã bãi bỏ", "Repealed"},
  {"print", "In trang này", "Print this page"},
  {"submit_online", "Nộp hồ sơ trực tuyến", "Apply online"},
  {"level", "Cấp thực hiện", "Level"},
  {"competent_agency", "Cơ quan có thẩm quyền", "Competent agency"},
  {"implementing_agencies", "Cơ quan thực hiện", "Implementing agencies"},
  {"time_limit", "Thời hạn giải quyết", "Time limit"},
  {"online_level", "Dịch vụ công trực tuyến", "Online service"},
  {"channels", "Cách thức thực hiện", "How to apply"},
  {"ch_in_person", "Trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả", "In person at the one-stop counter"},
  {"ch_postal_submission", "Nộp hồ sơ qua dịch vụ bưu chính công ích", "Submit by public postal service"},
  {"ch_postal_return", "Nhận kết quả qua dịch vụ bưu chính công ích", "Receive the result by post"},
  {"ch_online", "Trực tuyến trên Cổng dịch vụ công", "Online on the public service portal"},
  {"ch_decided_at_centre", "Giải quyết ngay tại Trung tâm Phục vụ hành chính công", "Decided on the spot at the service centre"},
  {"ch_inter_agency", "Thủ tục liên thông (nhiều cơ quan cùng giải quyết)", "Inter-agency procedure"},
  {"result", "Kết quả", "Result"},
  {"applicants", "Đối tượng thực hiện", "Who may apply"},
  {"applicant_citizen", "Công dân Việt Nam, người nước ngoài", "Individuals"},
  {"applicant_organisation", "Tổ chức, doanh nghiệp", "Organisations and businesses"},
  {"components", "Thành phần hồ sơ", "Documents to provide"},
  {"component", "Giấy tờ", "Document"},
  {"originals", "Bản chính", "Originals"},
  {"copies", "Bản sao", "Copies"},
  {"template_form", "Mẫu đơn, tờ khai", "Form"},
  {"optional", "nếu có", "if any"},
  {"fees", "Phí, lệ phí", "Fees"},
  {"exemptions", "Miễn, giảm", "Exemptions"},
  {"no_fee", "Không thu phí, lệ phí.", "No fee."},
  {"fee_free", "Miễn phí", "Free"},
  {"workflow", "Quy trình nội bộ", "Internal workflow"},
  {"step", "Bước", "Step"},
  {"step_agency", "Đơn vị thực hiện", "Handled by"},
  {"quota", "Thời gian", "Time"},
  {"hours", "giờ làm việc", "working hours"},
  {"legal_bases", "Căn cứ pháp lý", "Legal basis"},
  {"effective_from", "Áp dụng từ ngày", "In force from"},
  {"wf_reception", "Bộ phận Tiếp nhận và Trả kết quả", "One-stop reception point"},
  {"wf_competent", "Cơ quan có thẩm quyền", "Competent agency"},
  {"wf_department", "Sở, ngành chuyên môn", "Specialised department"},
  {"wf_commune", "Ủy ban nhân dân cấp xã", "Commune People's Committee"},
  {"login_title", "Đăng nhập", "Log in"},
  {"username", "Tên đăng nhập", "User name"},
  {"password", "Mật khẩu", "Password"},
  {"no_account", "Chưa có tài khoản?", "No account yet?"},
  {"register_title", "Đăng ký tài khoản công dân", "Create a citizen account"},
  {"full_name", "Họ và tên", "Full name"},
  {"password_hint", "Ít nhất 8 ký tự.", "At least 8 characters."},
  {"registered", "Đăng ký thành công. Mời bạn đăng nhập.", "Your account was created. Please log in."},
  {"kiosk_title", "Ki-ốt tra cứu dịch vụ công", "Public service kiosk"},
  {"kiosk_welcome", "Xin chào! Quý khách cần tra cứu thông tin gì?", "Welcome! What would you like to look up?"},
  {"kiosk_home", "Về màn hình chính", "Back to start"},
  {"kiosk_idle", "Màn hình tự động trở về trang chính sau 2 phút không sử dụng.", "The screen returns to the start after 2 minutes without use."},
  {"account_title", "Tài khoản của tôi", "My account"},
  {"my_dossiers", "Hồ sơ của tôi", "My dossiers"},
  {"no_dossiers", "Bạn chưa có hồ sơ nào.", "You have no dossiers yet."},
  {"feature_pending", "Chức năng này sẽ hoạt động khi dịch vụ quản lý hồ sơ được triển khai trên máy chủ.", "This works once the dossier service is deployed on the server."},
  {"counter_title", "Quầy tiếp nhận hồ sơ", "Reception counter"},
  {"backoffice_title", "Hồ sơ cần xử lý", "Work queues"},
  {"dashboard_title", "Điều hành, giám sát", "Dashboard"},
  {"admin_title", "Quản trị hệ thống", "Administration"},
  {"agencies", "Cơ quan, đơn vị", "Agencies"},
  {"code", "Mã", "Code"},
  {"name", "Tên", "Name"},
  {"type", "Loại", "Type"},
  {"one_stop_centre", "Bộ phận một cửa", "One-stop point"},
  {"abolished", "Đã giải thể", "Abolished"},
  {"yes", "Có", "Yes"},
  {"no", "Không", "No"},
  {"counter_keys", "Phím tắt: F2 tìm thủ tục, F9 tiếp nhận và in giấy tiếp nhận, Esc xóa kết quả tìm.", "Keys: F2 find a procedure, F9 receive and print the receipt, Esc clear the results."},
  {"applicant_and_components", "Người nộp và thành phần hồ sơ", "Applicant and documents"},
  {"counter_pick", "Chọn thủ tục ở cột bên trái để hiện danh mục giấy tờ cần kiểm tra.", "Pick a procedure on the left to show its checklist."},
  {"id_number", "Số định danh cá nhân (CCCD, 12 số)", "Personal id number (12 digits)"},
  {"date_of_birth", "Ngày sinh", "Date of birth"},
  {"phone", "Số điện thoại", "Phone"},
  {"address", "Địa chỉ", "Address"},
  {"received", "Đã nhận", "Received"},
  {"reason_or_missing", "Lý do từ chối hoặc giấy tờ cần bổ sung (mỗi dòng một mục)", "Reason for refusal, or missing documents (one per line)"},
  {"receive", "Tiếp nhận và in giấy tiếp nhận", "Receive and print the receipt"},
  {"request_completion", "Yêu cầu bổ sung (Mẫu 02)", "Ask for missing documents (form 02)"},
  {"refuse", "Từ chối tiếp nhận (Mẫu 03)", "Refuse (form 03)"},
  {"today_figures", "Số liệu của quầy hôm nay", "This counter today"},
  {"queues", "Hàng đợi hồ sơ", "Queues"},
  {"q_to_receive", "Chờ tiếp nhận", "To receive"},
  {"q_to_appraise", "Chờ thẩm định", "To appraise"},
  {"q_to_approve", "Chờ phê duyệt", "To approve"},
  {"q_to_return", "Chờ trả kết quả", "To return"},
  {"q_due_soon", "Sắp đến hạn", "Due soon"},
  {"q_overdue", "Quá hạn", "Overdue"},
  {"q_waiting_applicant", "Chờ bổ sung", "Waiting for the applicant"},
  {"urgency_green", "Còn thời gian", "In time"},
  {"urgency_amber", "Còn ≤ 20% thời gian", "≤ 20 % of the time left"},
  {"urgency_red", "Quá hạn", "Overdue"},
  {"remaining", "Thời gian còn lại", "Time left"},
  {"queue_empty", "Không có hồ sơ nào trong hàng đợi này.", "No dossier in this queue."},
  {"dossier_figures", "Tình hình giải quyết hồ sơ", "Dossiers"},
  {"received_today", "Tiếp nhận hôm nay", "Received today"},
  {"in_process", "Đang giải quyết", "In process"},
  {"due_soon", "Sắp đến hạn", "Due soon"},
  {"overdue", "Quá hạn", "Overdue"},
  {"ontime_rate", "Tỷ lệ giải quyết đúng hạn", "On-time rate"},
  {"online_full", "Dịch vụ công trực tuyến toàn trình", "Fully online services"},
  {"online_partial", "Dịch vụ công trực tuyến một phần", "Partly online services"},
  {"postal", "Tiếp nhận hoặc trả kết quả qua bưu chính", "By post"},
  {"inter_agency", "Thủ tục liên thông", "Inter-agency procedures"},
  {"same_day", "Giải quyết trong ngày", "Same-day procedures"},
  {"decided_at_centre", "Giải quyết ngay tại Trung tâm", "Decided at the centre"},
  {"export_catalogue", "Xuất danh mục thủ tục (CSV)", "Export the catalogue (CSV)"},
  {"calendar_overrides", "Điều chỉnh lịch làm việc", "Calendar overrides"},
  {"audit_log", "Nhật ký hệ thống", "Audit log"},
  {"receipt_done", "Đã tiếp nhận hồ sơ", "Dossier received"},
  {"print_receipt", "In giấy tiếp nhận (Mẫu 01)", "Print the receipt (form 01)"},
  {"citizens_only", "Chỉ tài khoản công dân mới nộp hồ sơ trực tuyến.", "Only citizen accounts can apply online."},
  {"submitted_online", "Đã nộp hồ sơ trực tuyến. Bộ phận một cửa sẽ kiểm tra và tiếp nhận; bạn theo dõi tình trạng tại đây.", "Your dossier was submitted. The one-stop point will check and receive it; follow its status here."},
  {"action_done", "Đã thực hiện.", "Done."},
  {"submit_intro", "Điền thông tin người nộp, đánh dấu các giấy tờ bạn có, kiểm tra lại rồi nộp.", "Fill in the applicant, tick the documents you have, check and submit."},
  {"receiving_agency", "Cơ quan giải quyết", "Deciding agency"},
  {"return_method", "Hình thức nhận kết quả", "How to receive the result"},
  {"rm_counter", "Nhận trực tiếp tại Bộ phận một cửa", "At the counter"},
  {"rm_postal", "Qua dịch vụ bưu chính công ích", "By post"},
  {"rm_online", "Trực tuyến (bản điện tử)", "Online (electronic copy)"},
  {"email", "Thư điện tử", "Email"},
  {"confirm_submit", "Tôi cam đoan thông tin đã khai là đúng sự thật.", "I declare the information given is true."},
  {"submit", "Nộp hồ sơ", "Submit"},
  {"process_sheet", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "Process-control sheet"},
  {"history", "Lịch sử xử lý", "History"},
  {"started_at", "Bắt đầu", "Started"},
  {"ended_at", "Kết thúc", "Ended"},
  {"timeliness", "Đánh giá", "Timeliness"},
  {"at", "Thời điểm", "When"},
  {"actor", "Người thực hiện", "By"},
  {"action", "Thao tác", "Action"},
  {"to_status", "Tình trạng mới", "New status"},
  {"comment", "Ghi chú", "Comment"},
  {"actions", "Thao tác được phép", "What you can do"},
  {"reason", "Lý do, nội dung", "Reason"},
  {"new_due_at", "Ngày hẹn mới", "New due date"},
  {"result_note", "Ghi chú kết quả", "Result note"},
  {"channel", "Kênh nộp", "Channel"},
  {"id_number_short", "Số định danh", "Id number"},
  {"chart_by_agency", "Hồ sơ quá hạn và sắp đến hạn theo cơ quan", "Overdue and due-soon dossiers by agency"},
  {"overdue_list", "Danh sách hồ sơ quá hạn (bước và cơ quan chịu trách nhiệm)", "Overdue dossiers (step and agency responsible)"},
  {"by_agency", "Theo cơ quan", "By agency"},
  {"by_field", "Theo lĩnh vực", "By field"},
  {"by_month", "Theo tháng", "By month"},
  {"received_n", "Tiếp nhận", "Received"},
  {"resolved_n", "Đã giải quyết", "Resolved"},
  {"late_n", "Trễ hạn", "Late"},
  {"pending_overdue_n", "Đang quá hạn", "Pending overdue"},
  {"rated", "Cảm ơn bạn đã đánh giá.", "Thank you for your rating."},
  {"rate_title", "Đánh giá mức độ hài lòng", "Rate the service"},
  {"rate_bodies", "Bạn đã phải liên hệ với bao nhiêu cơ quan để hoàn thành thủ tục?", "How many offices did you have to contact?"},
  {"rate_bodies_2", "Không phải liên hệ cơ quan nào", "None"},
  {"rate_bodies_1", "Chỉ Bộ phận một cửa", "Only the one-stop point"},
  {"rate_bodies_0", "Nhiều hơn một cơ quan", "More than one"},
  {"rate_publication", "Thông tin công khai về thủ tục có đầy đủ, chính xác không?", "Was the published information complete and accurate?"},
  {"rate_attitude", "Thái độ của cán bộ, công chức tiếp nhận và giải quyết", "How were you treated by the officials?"},
  {"rate_good", "Tốt", "Good"},
  {"rate_fair", "Bình thường", "Fair"},
  {"rate_bad", "Không tốt", "Poor"},
  {"rate_submit", "Gửi đánh giá", "Send the rating"},
  {"print_sheet", "In phiếu kiểm soát (Mẫu 06)", "Print the control sheet (form 06)"},
  {"counter_figures", "Công việc của quầy", "This counter's work"},
  {"procedures_in_force", "Thủ tục hành chính đang có hiệu lực", "Procedures in force"},
  {"h_submit", "Nộp hồ sơ trực tuyến", "Submitted online"},
  {"h_register", "Đăng ký hồ sơ tại quầy", "Registered at the counter"},
  {"js_required", "Màn hình này cần bật JavaScript.", "This screen needs JavaScript."},
};
// clang-format on

json::object Build(bool en) {
  json::object o;
  for (const auto& e : kMessages) o[e.key] = en ? e.en : e.vi;
  return o;
}

}  // namespace

const json::object& Messages(std::string_view locale) {
  static const json::object vi = Build(false);
  static const json::object en = Build(true);
  return locale == "en" ? en : vi;
}

std::string Message(std::string_view locale, std::string_view key) {
  const json::object& m = Messages(locale);
  if (const json::value* v = m.if_contains(key); v && v->is_string()) {
    return std::string(v->get_string());
  }
  return std::string(key);
}

std::string RoleLabel(std::string_view locale, domain::Role role) {
  if (locale != "en") return std::string(domain::RoleLabelVi(role));
  switch (role) {
    case domain::Role::kCitizen:
      return "citizen";
    case domain::Role::kReceptionOfficer:
      return "reception officer";
    case domain::Role::kSpecialist:
      return "specialist";
    case domain::Role::kLeader:
      return "leader";
    case domain::Role::kMonitor:
      return "monitor";
    case domain::Role::kAdmin:
      return "administrator";
  }
  return {};
}

}  // namespace motcua::web
