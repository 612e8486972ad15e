#include "storage/retention.h"

#include <algorithm>
#include <string_view>

namespace motcua::storage {
namespace {

// One batch: the keys of at most `limit` rows chosen by the index, then deleted by key (portable:
// neither dialect has DELETE ... LIMIT in common).
constexpr std::string_view kIdempotencyBatch =
    "DELETE FROM idempotency_keys WHERE (user_id, idem_key) IN (SELECT user_id, idem_key FROM "
    "idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)";
constexpr std::string_view kSessionBatch =
    "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE "
    "expires_at <= ? LIMIT ?)";
constexpr std::string_view kNotificationBatch =
    "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox WHERE status "
    "IN ('sent', 'dead', 'skipped') AND created_at < ? LIMIT ?)";
constexpr std::string_view kUnsubscribeLinkBatch =
    "DELETE FROM notification_unsubscribe_links WHERE token_hash IN (SELECT token_hash FROM "
    "notification_unsubscribe_links WHERE created_at < ? LIMIT ?)";

}  // namespace

Result<RetentionResult> PurgeExpired(Database& db, int64_t now, const RetentionOptions& options,
                                     std::stop_token stop, RetentionResult* done) {
  RetentionResult local;
  RetentionResult& result = done ? *done : local;
  const int64_t batch = std::max(options.batch_rows, 1);
  const int64_t before = now - std::max<int64_t>(options.idempotency_window_seconds, 0);
  const int64_t notified_before = now - std::max<int64_t>(options.notification_window_seconds, 0);
  const int64_t linked_before = now - std::max<int64_t>(options.unsubscribe_link_window_seconds, 0);
  for (auto [sql, bound, count] :
       {std::tuple{kIdempotencyBatch, before, &result.idempotency_keys},
        std::tuple{kSessionBatch, now, &result.sessions},
        std::tuple{kNotificationBatch, notified_before, &result.notifications},
        std::tuple{kUnsubscribeLinkBatch, linked_before, &result.unsubscribe_links}}) {
    for (;;) {
      if (stop.stop_requested()) return Status(Code::kUnavailable, "cancelled");
      int64_t n = 0;
      MOTCUA_RETURN_IF_ERROR(db.Write([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(n, c.Exec(sql, {bound, batch}));
        return Status::Ok();
      }));
      *count += n;
      if (n < batch) break;
    }
  }
  return result;
}

}  // namespace motcua::storage
