// The SQL of notifications (migration 20): the outbox, account preferences, opt-outs and the
// unsubscribe links.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct OutboxRecord {
  int64_t id = 0;
  std::optional<int64_t> dossier_id;
  std::optional<int64_t> complaint_id;
  std::string event;              // domain::NotificationEventName
  std::string channel;            // "email" | "sms" | "zalo"
  std::string recipient;          // e-mail address or phone number
  std::string payload;            // JSON: the rendered message
  std::string status = "queued";  // queued | failed | sent | dead | skipped
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
};

Result<int64_t> InsertOutbox(Connection& c, const OutboxRecord& r);
// Rows of `channels` waiting (queued or failed) whose next attempt is due at `now`, oldest due
// first.
Result<std::vector<OutboxRecord>> DueOutbox(Connection& c, int64_t now,
                                            const std::vector<std::string>& channels, int limit);
// Takes a due row for one delivery attempt by moving its next attempt to `lease_until`, only if
// nobody took it meanwhile (its next_attempt_at is still `seen_next_attempt_at`). False if taken.
Result<bool> LeaseOutbox(Connection& c, int64_t id, int64_t seen_next_attempt_at,
                         int64_t lease_until);
// Writes status, attempts, next_attempt_at, last_error and sent_at.
Status UpdateOutbox(Connection& c, const OutboxRecord& r);
// A dossier's notifications, oldest first.
Result<std::vector<OutboxRecord>> OutboxForDossier(Connection& c, int64_t dossier_id, int limit);
Result<std::optional<OutboxRecord>> FindOutbox(Connection& c, int64_t id);
// The agency paths of the dossier's receiving agency and of every agency that held a step.
Result<std::vector<std::string>> DossierAgencyPaths(Connection& c, int64_t dossier_id);

struct NotificationPreferencesRecord {
  bool email = true;
  bool sms = true;
  bool zalo = false;
};
Result<std::optional<NotificationPreferencesRecord>> FindNotificationPreferences(Connection& c,
                                                                                 int64_t user_id);
Status SaveNotificationPreferences(Connection& c, int64_t user_id,
                                   const NotificationPreferencesRecord& p, int64_t now);

// Opt-outs: the channel's address (lower-cased e-mail, phone digits) will get nothing more.
Status InsertOptOut(Connection& c, const std::string& channel, const std::string& recipient,
                    int64_t now);
Result<bool> IsOptedOut(Connection& c, const std::string& channel, const std::string& recipient);

struct UnsubscribeLink {
  std::string channel;
  std::string recipient;
};
Status InsertUnsubscribeLink(Connection& c, const std::string& token_hash,
                             const std::string& channel, const std::string& recipient, int64_t now);
Result<std::optional<UnsubscribeLink>> FindUnsubscribeLink(Connection& c,
                                                           const std::string& token_hash);

}  // namespace motcua::storage
