// Life events (Nghị định 63/2024/NĐ-CP, issue 14): the linked groups of procedures of
// data/life_events.json offered to citizens as one online submission. A submission creates one
// dossier per procedure through DossierService::SubmitLinked (each with its own receiving point,
// code, competent agency and due instant from its own procedure) and records the group, all in
// one transaction.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/applicant.h"
#include "domain/life_event.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "service/principal.h"
#include "storage/database.h"

namespace motcua::service {

struct LifeEventSubmitInput {
  std::string commune_code;  // the commune where the event is registered (UBND xã)
  domain::Applicant applicant;
  // Per member of the event, in its order: the papers sent and their files (SentFile::component
  // indexes that member's components). Shorter vectors mean "nothing" for the rest.
  std::vector<std::vector<ComponentInput>> components;
  std::vector<std::vector<SentFile>> files;
  std::string return_method;
  std::string note;
};

class LifeEventService {
 public:
  LifeEventService(storage::Database& db, const Clock& clock, CatalogueService& catalogue,
                   DossierService& dossiers, std::vector<domain::LifeEvent> events);

  // Reads data/life_events.json (LifeEventsFromJson).
  static Result<std::vector<domain::LifeEvent>> LoadFile(const std::string& path);

  const std::vector<domain::LifeEvent>& events() const { return events_; }
  const domain::LifeEvent* Find(const std::string& id) const;

  // One event for the portal and the API: id, name, summary, legal basis, national_code, the
  // communes {code, name}, and per member the procedure in force (code, name, title, time limit
  // with its unit, online level, components with originals/copies and form names).
  Result<boost::json::object> Describe(const domain::LifeEvent& event);
  Result<boost::json::array> DescribeAll();

  // The citizen's submission of `event_id`: 201 {"life_event": {id, name, submission_id},
  // "dossiers": [dossier view, ...]}. Validation errors name their field ("commune_code",
  // "applicant.id_number", "dossiers[i].…"); nothing is written unless every dossier is.
  Result<Reply> Submit(const Principal& caller, const std::string& event_id,
                       const LifeEventSubmitInput& in, const Idempotency& idem = {});

 private:
  storage::Database& db_;
  const Clock& clock_;
  CatalogueService& catalogue_;
  DossierService& dossiers_;
  std::vector<domain::LifeEvent> events_;
};

}  // namespace motcua::service
