#include "service/demo_data.h"

namespace motcua::service {
namespace {

// Identifier codes follow the shape of real ones (mã định danh) but belong to no real unit.
constexpr const char* kProvince = "000.00.00.H99";
constexpr const char* kCentre = "000.00.01.H99";
constexpr const char* kJustice = "000.00.10.H99";

struct DemoAgency {
  const char* code;
  const char* name;
  const char* short_name;
  const char* type;
  const char* parent;
  bool centre;
};

constexpr DemoAgency kAgencies[] = {
    {kProvince, "Ủy ban nhân dân tỉnh Hòa Bình Xanh (dữ liệu mẫu)", "UBND tỉnh", "province", "",
     false},
    {kCentre, "Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC tỉnh", "service_centre", kProvince,
     true},
    {kJustice, "Sở Tư pháp", "STP", "department", kProvince, false},
    {"000.00.11.H99", "Sở Tài chính", "STC", "department", kProvince, false},
    {"000.00.12.H99", "Sở Xây dựng", "SXD", "department", kProvince, false},
    {"000.00.13.H99", "Sở Nông nghiệp và Môi trường", "SNNMT", "department", kProvince, false},
    {"000.00.14.H99", "Sở Nội vụ", "SNV", "department", kProvince, false},
    {"000.00.15.H99", "Sở Y tế", "SYT", "department", kProvince, false},
    {"000.00.16.H99", "Sở Giáo dục và Đào tạo", "SGDĐT", "department", kProvince, false},
    {"000.00.17.H99", "Sở Công Thương", "SCT", "department", kProvince, false},
    {"000.00.30.H99", "Thuế tỉnh (cơ quan ngành dọc)", "Thuế tỉnh", "vertical_agency", kProvince,
     false},
    // Police and social insurance (ngành dọc) decide the residence and insurance dossiers of the
    // life events (data/life_events.json): one police unit per commune, one insurance office.
    {"000.00.31.H99", "Công an tỉnh (cơ quan ngành dọc)", "Công an tỉnh", "vertical_agency",
     kProvince, false},
    {"000.31.21.H99", "Công an phường Đông Thành", "CA phường Đông Thành", "vertical_agency",
     "000.00.31.H99", false},
    {"000.31.22.H99", "Công an xã Tân Lập", "CA xã Tân Lập", "vertical_agency", "000.00.31.H99",
     false},
    {"000.31.23.H99", "Công an xã Hòa Sơn", "CA xã Hòa Sơn", "vertical_agency", "000.00.31.H99",
     false},
    {"000.31.24.H99", "Công an đặc khu Cồn Xanh", "CA đặc khu Cồn Xanh", "vertical_agency",
     "000.00.31.H99", false},
    {"000.00.32.H99", "Bảo hiểm xã hội tỉnh (cơ quan ngành dọc)", "BHXH tỉnh", "vertical_agency",
     kProvince, false},
    {"000.21.00.H99", "Ủy ban nhân dân phường Đông Thành", "UBND phường Đông Thành", "commune",
     kProvince, false},
    {"000.21.01.H99", "Trung tâm Phục vụ hành chính công phường Đông Thành",
     "TTPVHCC phường Đông Thành", "service_centre", "000.21.00.H99", true},
    {"000.22.00.H99", "Ủy ban nhân dân xã Tân Lập", "UBND xã Tân Lập", "commune", kProvince, false},
    {"000.22.01.H99", "Trung tâm Phục vụ hành chính công xã Tân Lập", "TTPVHCC xã Tân Lập",
     "service_centre", "000.22.00.H99", true},
    {"000.23.00.H99", "Ủy ban nhân dân xã Hòa Sơn", "UBND xã Hòa Sơn", "commune", kProvince, false},
    {"000.23.01.H99", "Trung tâm Phục vụ hành chính công xã Hòa Sơn", "TTPVHCC xã Hòa Sơn",
     "service_centre", "000.23.00.H99", true},
    {"000.24.00.H99", "Ủy ban nhân dân đặc khu Cồn Xanh", "UBND đặc khu Cồn Xanh", "commune",
     kProvince, false},
    {"000.24.01.H99", "Trung tâm Phục vụ hành chính công đặc khu Cồn Xanh",
     "TTPVHCC đặc khu Cồn Xanh", "service_centre", "000.24.00.H99", true},
    // Abolished on 1 July 2025 and kept so that its dossiers stay attributable.
    {"000.40.00.H99", "Ủy ban nhân dân huyện Đông Thành (đã giải thể 01/7/2025)",
     "UBND huyện Đông Thành (cũ)", "legacy_district", kProvince, false},
};

struct DemoUser {
  const char* role;
  const char* full_name;
  const char* agency;
};

constexpr DemoUser kUsers[] = {
    {"citizen", "Nguyễn Văn An", ""},         {"reception_officer", "Trần Thị Bình", kCentre},
    {"specialist", "Lê Văn Cường", kJustice}, {"leader", "Phạm Thị Dung", kJustice},
    {"monitor", "Hoàng Văn Em", kProvince},   {"admin", "Đỗ Thị Giang", kProvince},
};

// Staff of two more agencies, so that an inter-agency dossier (the centre, Sở Tài chính and the
// tax office) can be walked through end to end with demo log-ins.
struct DemoStaff {
  const char* username;
  const char* role;
  const char* full_name;
  const char* agency;
};

constexpr DemoStaff kMoreStaff[] = {
    {"demo.leader.taichinh", "leader", "Vũ Văn Hải", "000.00.11.H99"},
    {"demo.specialist.taichinh", "specialist", "Đặng Thị Hoa", "000.00.11.H99"},
    {"demo.specialist.thue", "specialist", "Bùi Văn Khánh", "000.00.30.H99"},
};

}  // namespace

std::vector<DemoLogin> DemoLogins() {
  std::vector<DemoLogin> out;
  for (const auto& u : kUsers) out.push_back({std::string("demo.") + u.role, u.role, u.agency});
  for (const auto& u : kMoreStaff) out.push_back({u.username, u.role, u.agency});
  return out;
}

Status SeedDemoData(AgencyService& agencies, AuthService& auth) {
  if (agencies.Get(kProvince).ok()) return Status::Ok();
  for (const auto& a : kAgencies) {
    AgencyInput in{a.code, a.name, a.short_name, a.type, a.parent, "", a.centre};
    auto created = agencies.Create(nullptr, in);
    if (!created.ok()) return created.status();
  }
  AgencyPatch abolish;
  abolish.abolished = true;
  Principal system;
  system.username = "system";
  system.role = domain::Role::kAdmin;
  system.agency_path = "/";
  MOTCUA_RETURN_IF_ERROR(agencies.Update(system, "000.40.00.H99", abolish).status());
  const char* counters[][3] = {{"1", "Quầy 1 — Tư pháp, hộ tịch", "HT,CT"},
                               {"2", "Quầy 2 — Đăng ký kinh doanh, đầu tư", "DKKD"},
                               {"3", "Quầy 3 — Đất đai, xây dựng", "DD,XD"},
                               {"4", "Quầy 4 — Lao động, xã hội, y tế", "LD,YT"}};
  for (auto& c : counters) {
    auto added = agencies.AddCounter(nullptr, kCentre, std::stoi(c[0]), c[1], c[2]);
    if (!added.ok()) return added.status();
  }
  for (const auto& u : kUsers) {
    auto created = auth.CreateUser(
        nullptr, {std::string("demo.") + u.role, kDemoPassword, u.full_name, u.role, u.agency});
    if (!created.ok()) return created.status();
  }
  for (const auto& u : kMoreStaff) {
    auto created =
        auth.CreateUser(nullptr, {u.username, kDemoPassword, u.full_name, u.role, u.agency});
    if (!created.ok()) return created.status();
  }
  return Status::Ok();
}

std::vector<DemoAgencyName> DemoAgencies() {
  std::vector<DemoAgencyName> out;
  for (const DemoAgency& a : kAgencies) out.push_back({a.code, a.name});
  return out;
}

}  // namespace motcua::service
