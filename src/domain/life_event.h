// Life events (sự kiện, Nghị định 63/2024/NĐ-CP): groups of procedures a citizen needs together
// (a birth: khai sinh, đăng ký thường trú, thẻ BHYT cho trẻ em dưới 6 tuổi; a death: khai tử,
// xóa đăng ký thường trú, trợ cấp mai táng) offered as one submission that creates one dossier
// per procedure. The groups are data (data/life_events.json), read here; pure.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace motcua::domain {

// A commune where the group is received (the commune's one-stop point, as the decree says).
struct LifeEventCommune {
  std::string agency_code;     // UBND xã, phường, đặc khu
  std::string reception_code;  // its one-stop point, which receives every dossier of the group
};

// One procedure of the group and who decides it.
struct LifeEventMember {
  std::string procedure_code;  // national code, e.g. "1.001193"
  std::string title;           // the wizard's heading: "Đăng ký khai sinh"
  // Who decides the dossier: kCommune the commune chosen by the citizen; kByCommune the agency
  // that serves that commune (`by_commune`, e.g. its police); kProcedure the procedure's own
  // published agency (e.g. the provincial social insurance office).
  enum class Competent { kCommune, kByCommune, kProcedure };
  Competent competent = Competent::kProcedure;
  std::map<std::string, std::string> by_commune;  // commune code -> agency code
};

struct LifeEvent {
  std::string id;    // URL segment: "khai-sinh"
  std::string name;  // "Khai sinh cho trẻ em dưới 6 tuổi"
  std::string summary;
  std::string legal_basis;    // "Nghị định số 63/2024/NĐ-CP"
  std::string national_code;  // the published linked procedure, when there is one ("2.000986")
  std::vector<LifeEventCommune> communes;
  std::vector<LifeEventMember> members;

  const LifeEventCommune* FindCommune(const std::string& agency_code) const;
  // The competent agency code of member `i` for `commune`; empty for kProcedure.
  std::string CompetentFor(size_t i, const std::string& commune) const;
};

// Reads {"life_events": [...]}; the first problem names its path ("life_events[1].members[0]").
// Checks ids (lowercase letters, digits, '-'), procedure codes, agency codes, at least two
// members, unique ids and procedures, and that every by_commune member covers every commune.
Result<std::vector<LifeEvent>> LifeEventsFromJson(const boost::json::value& doc);

}  // namespace motcua::domain
