#include "service/demo_dossiers.h"

#include <boost/json.hpp>

#include "storage/user_store.h"

namespace motcua::service {
namespace {

Result<Principal> DemoPrincipal(storage::Database& db, const std::string& username) {
  std::optional<storage::UserRecord> u;
  MOTCUA_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(u, storage::FindUserByUsername(c, username));
    return Status::Ok();
  }));
  if (!u) return Status::NotFound("not_found", "username");
  Principal p;
  p.user_id = u->id;
  p.username = u->username;
  p.full_name = u->full_name;
  p.role = domain::ParseRole(u->role).value_or(domain::Role::kCitizen);
  p.agency_id = u->agency_id;
  p.agency_code = u->agency_code;
  p.agency_path = u->agency_path;
  return p;
}

domain::Applicant Citizen(const char* name, const char* id, const char* phone) {
  domain::Applicant a;
  a.full_name = name;
  a.id_number = id;
  a.phone = phone;
  a.address = "Số 1 đường Mẫu, phường Đông Thành (dữ liệu mẫu)";
  return a;
}

}  // namespace

Result<int> SeedDemoDossiers(storage::Database& db, DossierService& dossiers) {
  int64_t existing = 0;
  MOTCUA_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM dossiers"));
    existing = row ? row->Int(0) : 0;
    return Status::Ok();
  }));
  if (existing > 0) return 0;
  MOTCUA_ASSIGN_OR_RETURN(auto officer, DemoPrincipal(db, "demo.reception_officer"));
  MOTCUA_ASSIGN_OR_RETURN(auto specialist, DemoPrincipal(db, "demo.specialist"));
  MOTCUA_ASSIGN_OR_RETURN(auto leader, DemoPrincipal(db, "demo.leader"));
  MOTCUA_ASSIGN_OR_RETURN(auto citizen, DemoPrincipal(db, "demo.citizen"));

  // Cấp Phiếu lý lịch tư pháp: received at the provincial centre, processed by Sở Tư pháp.
  constexpr const char* kProcedure = "2.000488";
  auto submit = [&](const Principal& who, const char* channel, domain::Applicant a,
                    const char* outcome = "", const char* reason = "") -> Result<std::string> {
    SubmitInput in;
    in.procedure_code = kProcedure;
    in.channel = channel;
    in.applicant = std::move(a);
    in.components = {{"Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, 0, true, {}},
                     {"Bản chụp căn cước công dân", 0, 1, true, {}}};
    in.outcome = outcome;
    in.reason = reason;
    if (std::string(outcome) == "incomplete") in.missing_items = {"Bản chụp căn cước công dân"};
    MOTCUA_ASSIGN_OR_RETURN(auto reply, dossiers.Submit(who, in));
    return std::string(reply.body.at("code").as_string());
  };
  auto act = [&](const Principal& who, const std::string& code, const char* action,
                 const char* reason = "") -> Status {
    auto view = dossiers.Get(&who, code);
    if (!view.ok()) return view.status();
    ActionInput in;
    in.action = action;
    in.version = view->at("version").as_int64();
    in.reason = reason;
    if (std::string(action) == "request_supplement")
      in.missing_items = {"Bản sao giấy khai sinh có chứng thực"};
    return dossiers.Act(who, code, in).status();
  };

  int created = 0;
  // 1. Just received at the counter.
  MOTCUA_ASSIGN_OR_RETURN(
      auto d1, submit(officer, "counter", Citizen("Nguyễn Văn An", "001090012345", "0912345678")));
  ++created;
  // 2. In process at the specialist's step.
  MOTCUA_ASSIGN_OR_RETURN(
      auto d2,
      submit(officer, "counter", Citizen("Trần Thị Bích Ngọc", "079185001234", "0987654321")));
  ++created;
  MOTCUA_RETURN_IF_ERROR(act(officer, d2, "forward"));
  MOTCUA_RETURN_IF_ERROR(act(leader, d2, "forward"));
  // 3. Waiting for the applicant's supplement.
  MOTCUA_ASSIGN_OR_RETURN(
      auto d3, submit(officer, "counter", Citizen("Lê Minh Tuấn", "031095004321", "0901234567")));
  ++created;
  MOTCUA_RETURN_IF_ERROR(act(officer, d3, "forward"));
  MOTCUA_RETURN_IF_ERROR(act(leader, d3, "forward"));
  MOTCUA_RETURN_IF_ERROR(
      act(specialist, d3, "request_supplement", "Thiếu bản sao giấy khai sinh có chứng thực."));
  // 4. Finished and returned.
  MOTCUA_ASSIGN_OR_RETURN(
      auto d4, submit(officer, "counter", Citizen("Phạm Thu Hà", "001192007777", "0934567890")));
  ++created;
  MOTCUA_RETURN_IF_ERROR(act(officer, d4, "forward"));
  MOTCUA_RETURN_IF_ERROR(act(leader, d4, "forward"));
  MOTCUA_RETURN_IF_ERROR(act(specialist, d4, "forward"));
  MOTCUA_RETURN_IF_ERROR(act(specialist, d4, "forward"));
  MOTCUA_RETURN_IF_ERROR(act(leader, d4, "approve"));
  MOTCUA_RETURN_IF_ERROR(act(officer, d4, "return"));
  // 5. Refused at reception (Mẫu 03).
  MOTCUA_RETURN_IF_ERROR(submit(officer, "counter",
                                Citizen("Hoàng Văn Nam", "001088003333", "0945678901"), "refused",
                                "Thủ tục không thuộc thẩm quyền giải quyết của tỉnh.")
                             .status());
  ++created;
  // 6. Submitted online by the demo citizen, waiting at the counter.
  MOTCUA_RETURN_IF_ERROR(
      submit(citizen, "online", Citizen("Nguyễn Văn An", "001090012345", "0912345678")).status());
  ++created;
  (void)d1;
  return created;
}

}  // namespace motcua::service
