// Forgetting what is only kept for a while (issue 15): idempotency records, whose stored response
// holds the dossier with the applicant's personal data, once their replay window has passed,
// sessions once expired, delivered (or given up) notifications, whose rows hold the applicant's
// address or phone number and the message, once staff no longer need their status, and the
// unsubscribe links of old e-mails.
// `motcua serve` runs this in the background (app/retention_job.h) and `motcua purge` once.
#pragma once

#include <cstdint>
#include <stop_token>

#include "storage/database.h"

namespace motcua::storage {

struct RetentionOptions {
  // A client retries a request with the same Idempotency-Key within minutes; a day is generous.
  int64_t idempotency_window_seconds = 24 * 3600;
  // Rows per write transaction: the writer is never held long, requests go in between.
  int batch_rows = 500;
  // Sent, dead and skipped notifications stay visible on the dossier page for this long: enough
  // for a complaint about a message that never came, not a long-lived copy of contact details.
  int64_t notification_window_seconds = 90 * 24 * 3600;
  // An e-mail's unsubscribe link keeps working this long after it was sent; the row holds the
  // address it stops, so it does not stay for ever.
  int64_t unsubscribe_link_window_seconds = 365 * 24 * 3600;
};

struct RetentionResult {
  int64_t idempotency_keys = 0;
  int64_t sessions = 0;
  int64_t notifications = 0;
  int64_t unsubscribe_links = 0;
};

// Deletes idempotency records created before `now - window`, sessions expired at `now` and
// notifications in a final state (sent, dead, skipped) created before `now - notification window`
// (queued and failed ones are never deleted: they are still to be delivered) and unsubscribe
// links created before `now - unsubscribe link window` (an opt-out already made stays), in
// transactions of at most `batch_rows` rows each. A stop requested on `stop` ends the run between
// two batches with Unavailable "cancelled" (rows already deleted stay deleted); `*done` then holds
// what was purged.
Result<RetentionResult> PurgeExpired(Database& db, int64_t now, const RetentionOptions& options,
                                     std::stop_token stop = {}, RetentionResult* done = nullptr);

}  // namespace motcua::storage
