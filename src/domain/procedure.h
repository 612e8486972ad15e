// The procedure catalogue model (thủ tục hành chính, TTHC): what a citizen must bring, how long it
// takes, what it costs, who decides and through which internal steps (quy trình nội bộ) it flows.
// Pure data and rules; JSON (de)serialisation is lossless (ToJson(FromJson(x)) == x).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::domain {

// Cấp thực hiện: the tier whose authority decides the procedure.
enum class ProcedureLevel {
  kCentral,         // Trung ương (bộ, ngành)
  kProvince,        // Cấp tỉnh
  kCommune,         // Cấp xã
  kLegacyDistrict,  // Cấp huyện (abolished 1 July 2025; kept for historical versions)
};
std::string_view ProcedureLevelName(ProcedureLevel level);  // "central", "province", ...
std::optional<ProcedureLevel> ParseProcedureLevel(std::string_view name);
std::string_view ProcedureLevelLabelVi(ProcedureLevel level);

// Dịch vụ công trực tuyến (Decree 42/2022): toàn trình, một phần, or information only.
enum class OnlineLevel { kNone, kPartial, kFull };
std::string_view OnlineLevelName(OnlineLevel level);  // "none", "mot_phan", "toan_trinh"
std::optional<OnlineLevel> ParseOnlineLevel(std::string_view name);
std::string_view OnlineLevelLabelVi(OnlineLevel level);

// Cách thức thực hiện: the channel a dossier comes through.
enum class Channel { kInPerson, kPostal, kOnline };
std::string_view ChannelName(Channel channel);  // "in_person", "postal", "online"
std::optional<Channel> ParseChannel(std::string_view name);

// Hours in one working day, used to compare day limits with step quotas in hours.
inline constexpr int kWorkingHoursPerDay = 8;

// Thời hạn giải quyết: a legal duration in working days, working hours, or "trong ngày"; the
// national catalogue also publishes calendar days ("Ngày") and months ("Tháng"), and some limits
// are not published at all (or only as a bare number without its unit).
struct TimeLimit {
  enum class Unit {
    kWorkingDays,
    kWorkingHours,
    kSameDay,
    kCalendarDays,  // every day counts; a deadline falling on a day off moves to the next
                    // working day (see WorkingCalendar::AddCalendarDays)
    kMonths,        // calendar months, same end-of-period rule
    kNotPublished,  // chưa công bố: no usable limit; `amount` keeps a bare number the portal
                    // showed without a unit (0 when nothing was shown). No due date is computed.
  };
  Unit unit = Unit::kWorkingDays;
  int amount = 0;  // days, hours or months; 0 for same-day

  // The limit in working hours: days * 8, hours, or 8 for same-day (the rest of the working day).
  // Calendar days and months give an upper bound (every day a working day, 22 working days a
  // month); not published gives 0.
  int TotalHours() const;
  // Whether a due date can be computed from this limit.
  bool Published() const { return unit != Unit::kNotPublished; }
  // "05 ngày làm việc", "04 giờ làm việc", "Trong ngày làm việc", "30 ngày", "02 tháng",
  // "Chưa công bố".
  std::string LabelVi() const;
  std::string LabelEn() const;
  bool operator==(const TimeLimit&) const = default;
};
// "working_days", "working_hours", "same_day", "calendar_days", "months", "not_published"
std::string_view TimeLimitUnitName(TimeLimit::Unit unit);
std::optional<TimeLimit::Unit> ParseTimeLimitUnit(std::string_view name);

// A limit that differs for one channel (e.g. shorter online).
struct ChannelTimeLimit {
  Channel channel = Channel::kOnline;
  TimeLimit limit;
  std::string description{};  // mô tả of that channel as published (may be empty)
  bool operator==(const ChannelTimeLimit&) const = default;
};

// A limit that applies to one case of the procedure (trường hợp, e.g. "1.000894.01").
struct CaseTimeLimit {
  std::string case_code;
  TimeLimit limit;
  std::string description;
  bool operator==(const CaseTimeLimit&) const = default;
};

// Phí, lệ phí: a fee or charge with its amount in đồng (0 = free) and who is exempt.
struct Fee {
  std::string name;                     // "Lệ phí đăng ký kết hôn"
  int64_t amount = 0;                   // VND
  std::string description;              // "8.000 đồng/bản"; free text as published
  std::vector<std::string> exemptions;  // miễn, giảm
  std::vector<Channel> channels{};      // the channels it applies to; empty: every channel
  bool per_page = false;                // the amount is per page ("/trang")
  bool per_copy = false;                // the amount is per copy ("mỗi bản", "/bản")
  // "Do HĐND tỉnh quyết định": the amount is set per province; `amount` comes from the
  // province's configuration (0 until configured) and `description` keeps the published text.
  bool set_by_province = false;
  // Chưa công bố: nothing (or 0 without any text) was published; not the same as free.
  bool not_published = false;
  bool operator==(const Fee&) const = default;
};

// Căn cứ pháp lý: a legal document by its number ("123/2015/NĐ-CP") and title.
struct LegalBasis {
  std::string number;
  std::string title;
  bool operator==(const LegalBasis&) const = default;
};

// Thành phần hồ sơ: one required paper with how many originals and copies, and its form.
struct Component {
  std::string name;
  int originals = 0;  // bản chính
  int copies = 0;     // bản sao
  bool required = true;
  std::string template_name;  // mẫu đơn, tờ khai (empty when none)
  std::string template_url;
  bool operator==(const Component&) const = default;
};

// One step of the internal workflow (bước trong quy trình nội bộ).
struct WorkflowStep {
  std::string name;  // "Thẩm định hồ sơ"
  // Who acts: "reception" (the one-stop point that received the dossier), "competent" (the
  // competent agency), "department" / "commune" (the agency of that kind in charge), or a
  // specific agency identifier code (another agency in an inter-agency workflow).
  std::string agency;
  std::string role;     // domain::RoleName: reception_officer, specialist, leader, ...
  int quota_hours = 0;  // định mức, working hours
  // Consecutive steps with the same non-empty group run in parallel; the group takes the longest.
  std::string parallel_group;
  // When non-empty the step only runs in that case ("khi cần xác minh thực địa"); the quotas are
  // checked on the longest path, every condition met.
  std::string condition;
  bool operator==(const WorkflowStep&) const = default;
};

// One version of a procedure's publication.
struct Procedure {
  std::string code;  // mã TTHC on the national database, e.g. "1.001193"
  std::string name;
  std::string field_code;  // lĩnh vực
  std::string field_name;
  ProcedureLevel level = ProcedureLevel::kProvince;
  std::string competent_agency;       // cơ quan có thẩm quyền, as published
  std::string competent_agency_code;  // our agency code when it is one unit (may be empty)
  std::vector<std::string> implementing_agencies;  // cơ quan thực hiện: agency codes
  TimeLimit time_limit;
  std::vector<ChannelTimeLimit> channel_time_limits;
  std::vector<Fee> fees;
  std::vector<Component> components;
  std::string result;                    // kết quả: "Giấy khai sinh"
  std::vector<std::string> legal_bases;  // căn cứ pháp lý
  std::vector<std::string> applicants;   // đối tượng: "citizen", "organisation"
  OnlineLevel online_level = OnlineLevel::kNone;
  bool postal_submission = false;  // nhận hồ sơ qua bưu chính công ích
  bool postal_return = false;      // trả kết quả qua bưu chính công ích
  bool received_at_centre = true;  // tiếp nhận và trả kết quả tại Trung tâm
  bool decided_at_centre = false;  // giải quyết ngay tại Trung tâm ("5 tại chỗ")
  bool inter_agency = false;       // liên thông
  std::vector<WorkflowStep> workflow;
  std::string effective_from;  // YYYY-MM-DD, the day this version applies from
  bool verified = false;       // values checked against the national database
  std::string note;

  // As published by the national database (empty for procedures written locally).
  std::string source;  // "national" when imported from the national catalogue
  std::string source_url;
  std::string decision;                         // quyết định công bố
  std::string promulgated_by;                   // cơ quan ban hành / công bố
  bool province_specific = false;               // published by one province only
  std::vector<ProcedureLevel> levels;           // every cấp thực hiện listed
  std::vector<Channel> channels;                // cách thức thực hiện offered
  std::vector<CaseTimeLimit> case_time_limits;  // limits per case
  std::vector<LegalBasis> legal_documents;      // căn cứ pháp lý with numbers
  std::vector<std::string> steps;               // trình tự thực hiện
  std::vector<std::string> agency_names;        // cơ quan thực hiện, as published
  std::vector<std::string> applicant_names;     // đối tượng thực hiện, as published
  std::string conditions;                       // yêu cầu, điều kiện

  // The limit that applies to dossiers coming through `channel`.
  TimeLimit LimitFor(Channel channel) const;
  bool SameDay() const { return time_limit.unit == TimeLimit::Unit::kSameDay; }
  bool operator==(const Procedure&) const = default;
};

// Longest path through the workflow in working hours (parallel groups take their longest step).
int WorkflowTotalHours(const std::vector<WorkflowStep>& steps);

// National procedure code: dot-separated groups of 0-9A-Za-z, a digit first, 3–40 characters
// ("1.001193", "2.000815", "1.00309.000.00.00.H12"). Fails with invalid_procedure_code.
Status ValidateProcedureCode(std::string_view code, std::string_view field = "code");
// YYYY-MM-DD with a real date. Fails with invalid_date.
Status ValidateIsoDate(std::string_view day, std::string_view field);

// Checks a whole publication: required fields, enums, counts, agency codes' shape, and that the
// workflow quotas add up to the legal limit (for same-day procedures: at most 8 working hours;
// for calendar days and months: at most the upper bound of TotalHours). A procedure imported
// from the national catalogue (source "national") may have no workflow yet and no field code:
// it is published for information and cannot receive dossiers until a workflow is set.
// The first problem is returned with the field path ("workflow[2].quota_hours") and a Vietnamese
// message.
Status ValidateProcedure(const Procedure& p);

boost::json::object ToJson(const Procedure& p);
// Reads a procedure; a wrong type or unknown enum value fails with invalid_field and the path.
// Missing optional members take their defaults. Does not call ValidateProcedure.
Result<Procedure> ProcedureFromJson(const boost::json::value& v);

}  // namespace motcua::domain
