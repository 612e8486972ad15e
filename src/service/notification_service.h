// Notifications to the citizen (issue 16, decision 0015). An outbox: the rows telling of a change
// are written in the transaction of the change (OnDossierChange / OnComplaintAnswered, called by
// DossierService and ReportService through their hooks), so that a change without its message
// or a message without its change cannot exist. DeliverDue, run by the worker of `motcua serve`,
// sends what is due, marks each row sent only once the provider accepted it (at least once:
// nothing is lost when the process dies), and otherwise tries again after an exponential
// back-off until the last attempt makes the row dead (the dead-letter list). A provider that is
// down delays messages, never a change: the change's transaction does not talk to providers.
//
// Who gets what: the applicant's e-mail address and phone number on the dossier, as the
// applicant's own choices say (applicant.notify), narrowed by the choices of the citizen account
// that submitted it, and never an address that unsubscribed. A channel that is not configured
// queues nothing. SMS wait out the quiet hours. Messages carry no identity number (the domain
// renderer refuses any).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/delivery_schedule.h"
#include "domain/notification_template.h"
#include "service/notification_channels.h"
#include "service/principal.h"
#include "storage/database.h"
#include "storage/dossier_store.h"
#include "storage/notification_store.h"
#include "storage/report_store.h"

namespace motcua::service {

struct NotificationOptions {
  // Which channels are configured: a channel that is off queues nothing.
  bool email = false;
  bool sms = false;
  bool zalo = false;
  domain::QuietHours sms_quiet_hours{21 * 60, 7 * 60};
  int64_t retry_base_seconds = 60;
  int64_t retry_max_seconds = 6 * 3600;
  int max_attempts = 8;  // then dead
  // How long a row taken for delivery stays away from other workers (several servers on one
  // PostgreSQL database); a worker that dies mid-delivery leaves it due again after this.
  int64_t lease_seconds = 120;
  std::string public_url = "http://localhost:8080";
  std::string sms_key;  // verifies the gateway's inbound webhook
};

// The channels the worker delivers through; null: that channel's rows wait.
struct NotificationChannels {
  NotificationChannel* email = nullptr;
  NotificationChannel* sms = nullptr;
  NotificationChannel* zalo = nullptr;
  NotificationChannel* For(const std::string& channel) const {
    return channel == "email" ? email : channel == "sms" ? sms : channel == "zalo" ? zalo : nullptr;
  }
};

struct DeliveryRound {
  int sent = 0, retried = 0, dead = 0, skipped = 0;
};

// One notification as staff see it on the dossier page: the recipient masked.
struct DeliveryView {
  std::string event, channel, recipient_masked, status, last_error;
  int attempts = 0;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
  int64_t next_attempt_at = 0;
};

class NotificationService {
 public:
  NotificationService(storage::Database& db, const Clock& clock,
                      domain::NotificationTemplates templates, NotificationOptions options);

  // Inside the transaction of a dossier's change (after its history row `h`): queues the
  // messages of the event the change is, if it is one (see the .cc for the mapping).
  Status OnDossierChange(storage::Connection& c, const storage::DossierRecord& d,
                         const storage::DossierHistoryRecord& h);
  // Inside the transaction that answered complaint `k`.
  Status OnComplaintAnswered(storage::Connection& c, const storage::ComplaintRecord& k);

  // Sends up to `limit` due messages; returns what happened to them.
  Result<DeliveryRound> DeliverDue(const NotificationChannels& channels, int limit = 50);

  // The dossier's notifications for staff whose subtree covers an agency that received or held
  // it; not_found otherwise.
  Result<std::vector<DeliveryView>> ForDossier(const Principal& caller, const std::string& code);

  // The signed-in citizen's channel choices.
  Result<storage::NotificationPreferencesRecord> Preferences(const Principal& caller);
  Status SetPreferences(const Principal& caller, const storage::NotificationPreferencesRecord& p);

  // The unsubscribe link of an e-mail: the masked address it stops (to confirm), then the stop.
  // Validation "invalid_unsubscribe_link" for an unknown token.
  Result<std::string> CheckUnsubscribe(const std::string& token);
  Status Unsubscribe(const std::string& token);

  // The SMS gateway's inbound webhook: checks the signature of `body` (a JSON document
  // {"phone", "message"}), and answers "MC <code>" with the dossier's status, unaccented, with
  // no personal data. PermissionDenied "bad_signature"; Validation "invalid_json".
  Result<std::string> InboundSms(std::string_view body, std::string_view signature);

  // With --port 0 the links in messages need the port actually bound.
  void SetPublicUrl(std::string public_url);
  std::string PublicUrl() const;

 private:
  Status Enqueue(storage::Connection& c, std::optional<int64_t> dossier_id,
                 std::optional<int64_t> complaint_id, domain::NotificationEvent event,
                 const domain::NotificationValues& values, const std::string& email,
                 const std::string& phone, const std::string& zalo, int64_t now);
  Status Deliver(const NotificationChannels& channels, storage::OutboxRecord row,
                 DeliveryRound& round);

  storage::Database& db_;
  const Clock& clock_;
  domain::NotificationTemplates templates_;
  NotificationOptions options_;
  mutable std::mutex url_mu_;  // guards options_.public_url
};

// "ng***@example.vn", "091****678": enough for staff to tell which contact, no more.
std::string MaskRecipient(const std::string& channel, const std::string& recipient);

}  // namespace motcua::service
