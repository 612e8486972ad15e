#include "domain/procedure.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>

#include "domain/agency.h"
#include "domain/role.h"

namespace motcua::domain {
namespace {

namespace json = boost::json;

template <typename E>
struct EnumInfo {
  E value;
  std::string_view name;
  std::string_view label_vi;
};

constexpr std::array<EnumInfo<ProcedureLevel>, 4> kLevels = {{
    {ProcedureLevel::kCentral, "central", "Trung ương"},
    {ProcedureLevel::kProvince, "province", "Cấp tỉnh"},
    {ProcedureLevel::kCommune, "commune", "Cấp xã"},
    {ProcedureLevel::kLegacyDistrict, "district", "Cấp huyện (cũ)"},
}};

constexpr std::array<EnumInfo<OnlineLevel>, 3> kOnline = {{
    {OnlineLevel::kNone, "none", "Không / cung cấp thông tin"},
    {OnlineLevel::kPartial, "mot_phan", "Dịch vụ công trực tuyến một phần"},
    {OnlineLevel::kFull, "toan_trinh", "Dịch vụ công trực tuyến toàn trình"},
}};

constexpr std::array<EnumInfo<Channel>, 3> kChannels = {{
    {Channel::kInPerson, "in_person", "Trực tiếp"},
    {Channel::kPostal, "postal", "Qua bưu chính công ích"},
    {Channel::kOnline, "online", "Trực tuyến"},
}};

constexpr std::array<EnumInfo<TimeLimit::Unit>, 6> kUnits = {{
    {TimeLimit::Unit::kWorkingDays, "working_days", "ngày làm việc"},
    {TimeLimit::Unit::kWorkingHours, "working_hours", "giờ làm việc"},
    {TimeLimit::Unit::kSameDay, "same_day", "trong ngày"},
    {TimeLimit::Unit::kCalendarDays, "calendar_days", "ngày"},
    {TimeLimit::Unit::kMonths, "months", "tháng"},
    {TimeLimit::Unit::kNotPublished, "not_published", "chưa công bố"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<EnumInfo<E>, N>& table, E v) {
  for (const auto& t : table)
    if (t.value == v) return t.name;
  return table[0].name;
}
template <typename E, size_t N>
std::string_view LabelOf(const std::array<EnumInfo<E>, N>& table, E v) {
  for (const auto& t : table)
    if (t.value == v) return t.label_vi;
  return table[0].label_vi;
}
template <typename E, size_t N>
std::optional<E> Parse(const std::array<EnumInfo<E>, N>& table, std::string_view name) {
  for (const auto& t : table)
    if (t.name == name) return t.value;
  return std::nullopt;
}

Status Invalid(const std::string& field, const std::string& vi, const std::string& en) {
  return Status::Validation("invalid_field", field, vi, en);
}

// ---- JSON reading with the path of each member in errors.

class Reader {
 public:
  Reader(const json::object& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

  std::string Path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }
  const json::value* Find(std::string_view key) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->value().is_null()) return nullptr;
    return &it->value();
  }
  Status Str(std::string_view key, std::string& out) const {
    const json::value* v = Find(key);
    if (!v) return Status::Ok();
    if (!v->is_string()) return Type(key, "chuỗi ký tự", "a string");
    out = std::string(v->as_string());
    return Status::Ok();
  }
  Status Bool(std::string_view key, bool& out) const {
    const json::value* v = Find(key);
    if (!v) return Status::Ok();
    if (!v->is_bool()) return Type(key, "true/false", "a boolean");
    out = v->as_bool();
    return Status::Ok();
  }
  template <typename I>
  Status Int(std::string_view key, I& out) const {
    const json::value* v = Find(key);
    if (!v) return Status::Ok();
    if (v->is_int64()) {
      out = static_cast<I>(v->as_int64());
    } else if (v->is_uint64() && v->as_uint64() <= INT64_MAX) {
      out = static_cast<I>(v->as_uint64());
    } else if (v->is_double() &&
               v->as_double() == static_cast<double>(static_cast<int64_t>(v->as_double()))) {
      out = static_cast<I>(v->as_double());
    } else {
      return Type(key, "số nguyên", "an integer");
    }
    return Status::Ok();
  }
  Status Strings(std::string_view key, std::vector<std::string>& out) const {
    const json::value* v = Find(key);
    if (!v) return Status::Ok();
    if (!v->is_array()) return Type(key, "danh sách chuỗi", "an array of strings");
    out.clear();
    for (size_t i = 0; i < v->as_array().size(); ++i) {
      const auto& e = v->as_array()[i];
      if (!e.is_string())
        return Invalid(fmt::format("{}[{}]", Path(key), i), "Phần tử phải là chuỗi ký tự.",
                       "Each element must be a string.");
      out.emplace_back(e.as_string());
    }
    return Status::Ok();
  }
  // Calls fn(Reader, index) for every object of an array member.
  template <typename Fn>
  Status Objects(std::string_view key, Fn fn) const {
    const json::value* v = Find(key);
    if (!v) return Status::Ok();
    if (!v->is_array()) return Type(key, "danh sách", "an array");
    for (size_t i = 0; i < v->as_array().size(); ++i) {
      const auto& e = v->as_array()[i];
      std::string path = fmt::format("{}[{}]", Path(key), i);
      if (!e.is_object())
        return Invalid(path, "Phần tử phải là một đối tượng.", "Each element must be an object.");
      MOTCUA_RETURN_IF_ERROR(fn(Reader(e.as_object(), path)));
    }
    return Status::Ok();
  }
  template <typename E, size_t N>
  Status Enum(std::string_view key, const std::array<EnumInfo<E>, N>& table, E& out) const {
    std::string name;
    MOTCUA_RETURN_IF_ERROR(Str(key, name));
    if (!Find(key)) return Status::Ok();
    auto e = Parse(table, name);
    if (!e) {
      std::string allowed;
      for (const auto& t : table) allowed += (allowed.empty() ? "" : ", ") + std::string(t.name);
      return Invalid(Path(key),
                     fmt::format("Giá trị \"{}\" không hợp lệ; chọn một trong: {}.", name, allowed),
                     fmt::format("Invalid value \"{}\"; expected one of: {}.", name, allowed));
    }
    out = *e;
    return Status::Ok();
  }
  Status Limit(TimeLimit& out) const {
    MOTCUA_RETURN_IF_ERROR(Enum("unit", kUnits, out.unit));
    return Int("amount", out.amount);
  }
  // An array of channel names.
  Status Channels(std::string_view key, std::vector<Channel>& out) const {
    std::vector<std::string> names;
    MOTCUA_RETURN_IF_ERROR(Strings(key, names));
    out.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      auto c = Parse(kChannels, names[i]);
      if (!c)
        return Invalid(fmt::format("{}[{}]", Path(key), i),
                       fmt::format("Hình thức nộp \"{}\" không hợp lệ.", names[i]),
                       fmt::format("Invalid channel \"{}\".", names[i]));
      out.push_back(*c);
    }
    return Status::Ok();
  }
  Status Levels(std::string_view key, std::vector<ProcedureLevel>& out) const {
    std::vector<std::string> names;
    MOTCUA_RETURN_IF_ERROR(Strings(key, names));
    out.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      auto l = Parse(kLevels, names[i]);
      if (!l)
        return Invalid(fmt::format("{}[{}]", Path(key), i),
                       fmt::format("Cấp thực hiện \"{}\" không hợp lệ.", names[i]),
                       fmt::format("Invalid level \"{}\".", names[i]));
      out.push_back(*l);
    }
    return Status::Ok();
  }

 private:
  Status Type(std::string_view key, std::string_view vi, std::string_view en) const {
    return Invalid(Path(key), fmt::format("Phải là {}.", vi), fmt::format("Must be {}.", en));
  }
  const json::object& obj_;
  std::string prefix_;
};

json::array StringArray(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object LimitJson(const TimeLimit& l) {
  return {{"unit", TimeLimitUnitName(l.unit)}, {"amount", l.amount}};
}

json::array ChannelArray(const std::vector<Channel>& v) {
  json::array a;
  for (Channel c : v) a.emplace_back(NameOf(kChannels, c));
  return a;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view ProcedureLevelName(ProcedureLevel l) { return NameOf(kLevels, l); }
std::optional<ProcedureLevel> ParseProcedureLevel(std::string_view n) { return Parse(kLevels, n); }
std::string_view ProcedureLevelLabelVi(ProcedureLevel l) { return LabelOf(kLevels, l); }
std::string_view OnlineLevelName(OnlineLevel l) { return NameOf(kOnline, l); }
std::optional<OnlineLevel> ParseOnlineLevel(std::string_view n) { return Parse(kOnline, n); }
std::string_view OnlineLevelLabelVi(OnlineLevel l) { return LabelOf(kOnline, l); }
std::string_view ChannelName(Channel c) { return NameOf(kChannels, c); }
std::optional<Channel> ParseChannel(std::string_view n) { return Parse(kChannels, n); }
std::string_view TimeLimitUnitName(TimeLimit::Unit u) { return NameOf(kUnits, u); }
std::optional<TimeLimit::Unit> ParseTimeLimitUnit(std::string_view n) { return Parse(kUnits, n); }

int TimeLimit::TotalHours() const {
  switch (unit) {
    case Unit::kWorkingDays:
      return amount * kWorkingHoursPerDay;
    case Unit::kWorkingHours:
      return amount;
    case Unit::kSameDay:
      return kWorkingHoursPerDay;
    case Unit::kCalendarDays:
      return amount * kWorkingHoursPerDay;
    case Unit::kMonths:
      return amount * 22 * kWorkingHoursPerDay;
    case Unit::kNotPublished:
      return 0;
  }
  return 0;
}

std::string TimeLimit::LabelVi() const {
  switch (unit) {
    case Unit::kWorkingDays:
      return fmt::format("{:02} ngày làm việc", amount);
    case Unit::kWorkingHours:
      return fmt::format("{:02} giờ làm việc", amount);
    case Unit::kSameDay:
      return "Trong ngày làm việc";
    case Unit::kCalendarDays:
      return fmt::format("{:02} ngày", amount);
    case Unit::kMonths:
      return fmt::format("{:02} tháng", amount);
    case Unit::kNotPublished:
      return amount > 0 ? fmt::format("{} (chưa công bố đơn vị)", amount) : "Chưa công bố";
  }
  return {};
}

std::string TimeLimit::LabelEn() const {
  switch (unit) {
    case Unit::kWorkingDays:
      return fmt::format("{} working days", amount);
    case Unit::kWorkingHours:
      return fmt::format("{} working hours", amount);
    case Unit::kSameDay:
      return "Within the working day";
    case Unit::kCalendarDays:
      return fmt::format("{} days", amount);
    case Unit::kMonths:
      return fmt::format("{} months", amount);
    case Unit::kNotPublished:
      return amount > 0 ? fmt::format("{} (unit not published)", amount) : "Not published";
  }
  return {};
}

TimeLimit Procedure::LimitFor(Channel channel) const {
  for (const auto& c : channel_time_limits)
    if (c.channel == channel) return c.limit;
  return time_limit;
}

int WorkflowTotalHours(const std::vector<WorkflowStep>& steps) {
  int total = 0;
  size_t i = 0;
  while (i < steps.size()) {
    int longest = steps[i].quota_hours;
    size_t j = i + 1;
    if (!steps[i].parallel_group.empty()) {
      while (j < steps.size() && steps[j].parallel_group == steps[i].parallel_group) {
        longest = std::max(longest, steps[j].quota_hours);
        ++j;
      }
    }
    total += longest;
    i = j;
  }
  return total;
}

Status ValidateProcedureCode(std::string_view code, std::string_view field) {
  auto bad = [&] { return Status::Validation("invalid_procedure_code", std::string(field)); };
  if (code.size() < 3 || code.size() > 40 || !IsDigit(code[0])) return bad();
  bool group_empty = true;
  int dots = 0;
  for (char c : code) {
    if (c == '.') {
      if (group_empty) return bad();
      group_empty = true;
      ++dots;
    } else if (IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      group_empty = false;
    } else {
      return bad();
    }
  }
  if (group_empty || dots == 0) return bad();
  return Status::Ok();
}

Status ValidateIsoDate(std::string_view d, std::string_view field) {
  auto bad = [&] { return Status::Validation("invalid_date", std::string(field)); };
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return bad();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!IsDigit(d[i])) return bad();
  int y = std::stoi(std::string(d.substr(0, 4)));
  int m = std::stoi(std::string(d.substr(5, 2)));
  int day = std::stoi(std::string(d.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || day < 1 || day > kDays[m - 1]) return bad();
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && day == 29 && !leap) return bad();
  return Status::Ok();
}

namespace {

Status Missing(const std::string& field, std::string_view what_vi) {
  return Status::Validation("missing_field", field, fmt::format("Thiếu {}.", what_vi), {});
}

Status ValidateLimit(const TimeLimit& l, const std::string& field) {
  if (l.unit == TimeLimit::Unit::kNotPublished) {
    if (l.amount < 0 || l.amount > 2000)
      return Invalid(field + ".amount", "Số ghi kèm thời hạn chưa công bố phải từ 0 đến 2000.",
                     "The number kept with an unpublished limit must be 0 to 2000.");
    return Status::Ok();
  }
  if (l.unit == TimeLimit::Unit::kSameDay) {
    if (l.amount != 0)
      return Invalid(field + ".amount", "Thủ tục giải quyết trong ngày không ghi số ngày/giờ.",
                     "A same-day limit has no amount.");
    return Status::Ok();
  }
  if (l.amount <= 0 || l.amount > 2000)
    return Invalid(field + ".amount", "Thời hạn giải quyết phải là số dương (tối đa 2000).",
                   "The time limit must be positive (at most 2000).");
  return Status::Ok();
}

Status ValidateAgencyRef(const std::string& agency, const std::string& field) {
  if (agency == "reception" || agency == "competent" || agency == "department" ||
      agency == "commune")
    return Status::Ok();
  if (ValidateAgencyCode(agency, field).ok()) return Status::Ok();
  return Invalid(field,
                 fmt::format("Cơ quan \"{}\" không hợp lệ: dùng reception, competent, department, "
                             "commune hoặc mã định danh của cơ quan.",
                             agency),
                 fmt::format("Invalid agency \"{}\": use reception, competent, department, commune "
                             "or an agency identifier code.",
                             agency));
}

}  // namespace

Status ValidateProcedure(const Procedure& p) {
  MOTCUA_RETURN_IF_ERROR(ValidateProcedureCode(p.code));
  if (p.name.empty()) return Missing("name", "tên thủ tục");
  // The national database has names of up to ~1,650 bytes of UTF-8.
  if (p.name.size() > 4000) return Invalid("name", "Tên thủ tục quá dài.", "The name is too long.");
  const bool national = p.source == "national";
  if (p.field_code.empty() && !national) return Missing("field_code", "mã lĩnh vực");
  if (p.field_name.empty()) return Missing("field_name", "tên lĩnh vực");
  if (p.competent_agency.empty()) return Missing("competent_agency", "cơ quan có thẩm quyền");
  if (!p.competent_agency_code.empty())
    MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(p.competent_agency_code, "competent_agency_code"));
  for (size_t i = 0; i < p.implementing_agencies.size(); ++i)
    MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(p.implementing_agencies[i],
                                              fmt::format("implementing_agencies[{}]", i)));
  MOTCUA_RETURN_IF_ERROR(ValidateLimit(p.time_limit, "time_limit"));
  for (size_t i = 0; i < p.channel_time_limits.size(); ++i)
    MOTCUA_RETURN_IF_ERROR(
        ValidateLimit(p.channel_time_limits[i].limit, fmt::format("channel_time_limits[{}]", i)));
  for (size_t i = 0; i < p.case_time_limits.size(); ++i) {
    if (p.case_time_limits[i].case_code.empty())
      return Missing(fmt::format("case_time_limits[{}].case_code", i), "mã trường hợp");
    MOTCUA_RETURN_IF_ERROR(
        ValidateLimit(p.case_time_limits[i].limit, fmt::format("case_time_limits[{}]", i)));
  }
  for (size_t i = 0; i < p.fees.size(); ++i) {
    const auto& f = p.fees[i];
    if (f.name.empty()) return Missing(fmt::format("fees[{}].name", i), "tên phí, lệ phí");
    if (f.amount < 0)
      return Invalid(fmt::format("fees[{}].amount", i), "Mức phí không được âm.",
                     "A fee cannot be negative.");
  }
  for (size_t i = 0; i < p.components.size(); ++i) {
    const auto& c = p.components[i];
    if (c.name.empty())
      return Missing(fmt::format("components[{}].name", i), "tên thành phần hồ sơ");
    if (c.originals < 0 || c.copies < 0 || c.originals + c.copies > 99)
      return Invalid(fmt::format("components[{}].originals", i),
                     "Số bản chính, bản sao phải từ 0 đến 99.",
                     "Original and copy counts must be between 0 and 99.");
  }
  for (const auto& a : p.applicants)
    if (a != "citizen" && a != "organisation")
      return Invalid("applicants", "Đối tượng thực hiện là citizen hoặc organisation.",
                     "Applicants are citizen or organisation.");
  MOTCUA_RETURN_IF_ERROR(ValidateIsoDate(p.effective_from, "effective_from"));
  if (p.workflow.empty()) {
    if (national) return Status::Ok();
    return Missing("workflow", "quy trình nội bộ (ít nhất một bước)");
  }
  for (size_t i = 0; i < p.workflow.size(); ++i) {
    const auto& s = p.workflow[i];
    std::string at = fmt::format("workflow[{}]", i);
    if (s.name.empty()) return Missing(at + ".name", "tên bước");
    MOTCUA_RETURN_IF_ERROR(ValidateAgencyRef(s.agency, at + ".agency"));
    if (!ParseRole(s.role) || s.role == "citizen")
      return Invalid(at + ".role",
                     fmt::format("Vai trò \"{}\" không hợp lệ cho một bước xử lý.", s.role),
                     fmt::format("Role \"{}\" cannot perform a step.", s.role));
    if (s.quota_hours <= 0)
      return Invalid(
          at + ".quota_hours",
          fmt::format("Bước {} (\"{}\") phải có thời gian định mức lớn hơn 0 giờ.", i + 1, s.name),
          fmt::format("Step {} needs a quota above 0 hours.", i + 1));
  }
  int total = WorkflowTotalHours(p.workflow);
  int legal = p.time_limit.TotalHours();
  using Unit = TimeLimit::Unit;
  if (p.time_limit.unit == Unit::kNotPublished) return Status::Ok();
  if (p.time_limit.unit == Unit::kCalendarDays || p.time_limit.unit == Unit::kMonths) {
    // Fewer working days than calendar days fit in the period: the quotas may not exceed it.
    if (total > legal)
      return Status::Validation(
          "workflow_quota_mismatch", "workflow",
          fmt::format("Tổng thời gian các bước của quy trình nội bộ là {} giờ làm việc, vượt "
                      "thời hạn giải quyết {} (tối đa {} giờ làm việc).",
                      total, p.time_limit.LabelVi(), legal),
          fmt::format("The workflow takes {} working hours, more than the limit allows "
                      "({} working hours).",
                      total, legal));
    return Status::Ok();
  }
  if (p.SameDay()) {
    if (total > legal)
      return Status::Validation(
          "workflow_quota_mismatch", "workflow",
          fmt::format("Tổng thời gian các bước của quy trình nội bộ là {} giờ làm việc, vượt "
                      "thời hạn giải quyết trong ngày (tối đa {} giờ làm việc).",
                      total, legal),
          fmt::format("The workflow takes {} working hours, more than a same-day limit "
                      "({} working hours).",
                      total, legal));
  } else if (total != legal) {
    return Status::Validation(
        "workflow_quota_mismatch", "workflow",
        fmt::format("Tổng thời gian các bước của quy trình nội bộ ({} giờ làm việc) phải bằng "
                    "thời hạn giải quyết theo quy định: {} = {} giờ làm việc ({} {} giờ).",
                    total, p.time_limit.LabelVi(), legal, total < legal ? "thiếu" : "thừa",
                    total < legal ? legal - total : total - legal),
        fmt::format("The workflow quotas add up to {} working hours but the legal time limit "
                    "is {} working hours.",
                    total, legal));
  }
  return Status::Ok();
}

json::object ToJson(const Procedure& p) {
  json::object o;
  o["code"] = p.code;
  o["name"] = p.name;
  o["field_code"] = p.field_code;
  o["field_name"] = p.field_name;
  o["level"] = ProcedureLevelName(p.level);
  o["competent_agency"] = p.competent_agency;
  o["competent_agency_code"] = p.competent_agency_code;
  o["implementing_agencies"] = StringArray(p.implementing_agencies);
  o["time_limit"] = LimitJson(p.time_limit);
  json::array channels;
  for (const auto& c : p.channel_time_limits) {
    json::object co = LimitJson(c.limit);
    co["channel"] = ChannelName(c.channel);
    co["description"] = c.description;
    channels.push_back(std::move(co));
  }
  o["channel_time_limits"] = std::move(channels);
  json::array cases;
  for (const auto& c : p.case_time_limits) {
    json::object co = LimitJson(c.limit);
    co["case_code"] = c.case_code;
    co["description"] = c.description;
    cases.push_back(std::move(co));
  }
  o["case_time_limits"] = std::move(cases);
  json::array fees;
  for (const auto& f : p.fees)
    fees.push_back(json::object{{"name", f.name},
                                {"amount", f.amount},
                                {"description", f.description},
                                {"exemptions", StringArray(f.exemptions)},
                                {"channels", ChannelArray(f.channels)},
                                {"per_page", f.per_page},
                                {"per_copy", f.per_copy},
                                {"set_by_province", f.set_by_province},
                                {"not_published", f.not_published}});
  o["fees"] = std::move(fees);
  json::array comps;
  for (const auto& c : p.components)
    comps.push_back(json::object{{"name", c.name},
                                 {"originals", c.originals},
                                 {"copies", c.copies},
                                 {"required", c.required},
                                 {"template_name", c.template_name},
                                 {"template_url", c.template_url}});
  o["components"] = std::move(comps);
  o["result"] = p.result;
  o["legal_bases"] = StringArray(p.legal_bases);
  o["applicants"] = StringArray(p.applicants);
  o["online_level"] = OnlineLevelName(p.online_level);
  o["postal_submission"] = p.postal_submission;
  o["postal_return"] = p.postal_return;
  o["received_at_centre"] = p.received_at_centre;
  o["decided_at_centre"] = p.decided_at_centre;
  o["inter_agency"] = p.inter_agency;
  json::array steps;
  for (const auto& s : p.workflow)
    steps.push_back(json::object{{"name", s.name},
                                 {"agency", s.agency},
                                 {"role", s.role},
                                 {"quota_hours", s.quota_hours},
                                 {"parallel_group", s.parallel_group},
                                 {"condition", s.condition}});
  o["workflow"] = std::move(steps);
  o["effective_from"] = p.effective_from;
  o["verified"] = p.verified;
  o["note"] = p.note;
  o["source"] = p.source;
  o["source_url"] = p.source_url;
  o["decision"] = p.decision;
  o["promulgated_by"] = p.promulgated_by;
  o["province_specific"] = p.province_specific;
  json::array levels;
  for (ProcedureLevel l : p.levels) levels.emplace_back(ProcedureLevelName(l));
  o["levels"] = std::move(levels);
  o["channels"] = ChannelArray(p.channels);
  json::array legal;
  for (const auto& l : p.legal_documents)
    legal.push_back(json::object{{"number", l.number}, {"title", l.title}});
  o["legal_documents"] = std::move(legal);
  o["steps"] = StringArray(p.steps);
  o["agency_names"] = StringArray(p.agency_names);
  o["applicant_names"] = StringArray(p.applicant_names);
  o["conditions"] = p.conditions;
  return o;
}

Result<Procedure> ProcedureFromJson(const json::value& v) {
  if (!v.is_object())
    return Invalid("", "Thủ tục phải là một đối tượng JSON.", "A procedure must be a JSON object.");
  Reader r(v.as_object(), "");
  Procedure p;
  MOTCUA_RETURN_IF_ERROR(r.Str("code", p.code));
  MOTCUA_RETURN_IF_ERROR(r.Str("name", p.name));
  MOTCUA_RETURN_IF_ERROR(r.Str("field_code", p.field_code));
  MOTCUA_RETURN_IF_ERROR(r.Str("field_name", p.field_name));
  MOTCUA_RETURN_IF_ERROR(r.Enum("level", kLevels, p.level));
  MOTCUA_RETURN_IF_ERROR(r.Str("competent_agency", p.competent_agency));
  MOTCUA_RETURN_IF_ERROR(r.Str("competent_agency_code", p.competent_agency_code));
  MOTCUA_RETURN_IF_ERROR(r.Strings("implementing_agencies", p.implementing_agencies));
  if (const json::value* tl = r.Find("time_limit")) {
    if (!tl->is_object())
      return Invalid("time_limit", "Thời hạn phải là đối tượng {unit, amount}.",
                     "time_limit must be an object {unit, amount}.");
    MOTCUA_RETURN_IF_ERROR(Reader(tl->as_object(), "time_limit").Limit(p.time_limit));
  }
  MOTCUA_RETURN_IF_ERROR(r.Objects("channel_time_limits", [&](const Reader& e) -> Status {
    ChannelTimeLimit c;
    MOTCUA_RETURN_IF_ERROR(e.Enum("channel", kChannels, c.channel));
    MOTCUA_RETURN_IF_ERROR(e.Limit(c.limit));
    MOTCUA_RETURN_IF_ERROR(e.Str("description", c.description));
    p.channel_time_limits.push_back(std::move(c));
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(r.Objects("case_time_limits", [&](const Reader& e) -> Status {
    CaseTimeLimit c;
    MOTCUA_RETURN_IF_ERROR(e.Str("case_code", c.case_code));
    MOTCUA_RETURN_IF_ERROR(e.Limit(c.limit));
    MOTCUA_RETURN_IF_ERROR(e.Str("description", c.description));
    p.case_time_limits.push_back(std::move(c));
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(r.Objects("fees", [&](const Reader& e) -> Status {
    Fee f;
    MOTCUA_RETURN_IF_ERROR(e.Str("name", f.name));
    MOTCUA_RETURN_IF_ERROR(e.Int("amount", f.amount));
    MOTCUA_RETURN_IF_ERROR(e.Str("description", f.description));
    MOTCUA_RETURN_IF_ERROR(e.Strings("exemptions", f.exemptions));
    MOTCUA_RETURN_IF_ERROR(e.Channels("channels", f.channels));
    MOTCUA_RETURN_IF_ERROR(e.Bool("per_page", f.per_page));
    MOTCUA_RETURN_IF_ERROR(e.Bool("per_copy", f.per_copy));
    MOTCUA_RETURN_IF_ERROR(e.Bool("set_by_province", f.set_by_province));
    MOTCUA_RETURN_IF_ERROR(e.Bool("not_published", f.not_published));
    p.fees.push_back(std::move(f));
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(r.Objects("components", [&](const Reader& e) -> Status {
    Component c;
    MOTCUA_RETURN_IF_ERROR(e.Str("name", c.name));
    MOTCUA_RETURN_IF_ERROR(e.Int("originals", c.originals));
    MOTCUA_RETURN_IF_ERROR(e.Int("copies", c.copies));
    MOTCUA_RETURN_IF_ERROR(e.Bool("required", c.required));
    MOTCUA_RETURN_IF_ERROR(e.Str("template_name", c.template_name));
    MOTCUA_RETURN_IF_ERROR(e.Str("template_url", c.template_url));
    p.components.push_back(std::move(c));
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(r.Str("result", p.result));
  MOTCUA_RETURN_IF_ERROR(r.Strings("legal_bases", p.legal_bases));
  MOTCUA_RETURN_IF_ERROR(r.Strings("applicants", p.applicants));
  MOTCUA_RETURN_IF_ERROR(r.Enum("online_level", kOnline, p.online_level));
  MOTCUA_RETURN_IF_ERROR(r.Bool("postal_submission", p.postal_submission));
  MOTCUA_RETURN_IF_ERROR(r.Bool("postal_return", p.postal_return));
  MOTCUA_RETURN_IF_ERROR(r.Bool("received_at_centre", p.received_at_centre));
  MOTCUA_RETURN_IF_ERROR(r.Bool("decided_at_centre", p.decided_at_centre));
  MOTCUA_RETURN_IF_ERROR(r.Bool("inter_agency", p.inter_agency));
  MOTCUA_RETURN_IF_ERROR(r.Objects("workflow", [&](const Reader& e) -> Status {
    WorkflowStep s;
    MOTCUA_RETURN_IF_ERROR(e.Str("name", s.name));
    MOTCUA_RETURN_IF_ERROR(e.Str("agency", s.agency));
    MOTCUA_RETURN_IF_ERROR(e.Str("role", s.role));
    MOTCUA_RETURN_IF_ERROR(e.Int("quota_hours", s.quota_hours));
    MOTCUA_RETURN_IF_ERROR(e.Str("parallel_group", s.parallel_group));
    MOTCUA_RETURN_IF_ERROR(e.Str("condition", s.condition));
    p.workflow.push_back(std::move(s));
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(r.Str("effective_from", p.effective_from));
  MOTCUA_RETURN_IF_ERROR(r.Bool("verified", p.verified));
  MOTCUA_RETURN_IF_ERROR(r.Str("note", p.note));
  MOTCUA_RETURN_IF_ERROR(r.Str("source", p.source));
  MOTCUA_RETURN_IF_ERROR(r.Str("source_url", p.source_url));
  MOTCUA_RETURN_IF_ERROR(r.Str("decision", p.decision));
  MOTCUA_RETURN_IF_ERROR(r.Str("promulgated_by", p.promulgated_by));
  MOTCUA_RETURN_IF_ERROR(r.Bool("province_specific", p.province_specific));
  MOTCUA_RETURN_IF_ERROR(r.Levels("levels", p.levels));
  MOTCUA_RETURN_IF_ERROR(r.Channels("channels", p.channels));
  MOTCUA_RETURN_IF_ERROR(r.Objects("legal_documents", [&](const Reader& e) -> Status {
    LegalBasis l;
    MOTCUA_RETURN_IF_ERROR(e.Str("number", l.number));
    MOTCUA_RETURN_IF_ERROR(e.Str("title", l.title));
    p.legal_documents.push_back(std::move(l));
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(r.Strings("steps", p.steps));
  MOTCUA_RETURN_IF_ERROR(r.Strings("agency_names", p.agency_names));
  MOTCUA_RETURN_IF_ERROR(r.Strings("applicant_names", p.applicant_names));
  MOTCUA_RETURN_IF_ERROR(r.Str("conditions", p.conditions));
  return p;
}

}  // namespace motcua::domain
