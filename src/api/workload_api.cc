// GET /api/v1/reports/workload: dossiers received per field, day and receiving officer, with a
// suggested counter allocation (issue 6, item 4).
#include <boost/json.hpp>
#include <charconv>

#include "api/api_router.h"
#include "api/services.h"
#include "domain/local_date.h"
#include "service/workload_service.h"

namespace motcua::api {
namespace {

Result<domain::LocalDate> DateParam(const http::Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return Status::InvalidArgument("missing_field", name);
  auto d = domain::LocalDate::Parse(*v);
  if (!d) return Status::InvalidArgument("invalid_date", name);
  return *d;
}

}  // namespace

void RegisterWorkloadRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "GET", "/api/v1/reports/workload", Access::kStaff,
      {"Khối lượng tiếp nhận tại quầy: số hồ sơ theo lĩnh vực, theo ngày và theo cán bộ tiếp "
       "nhận (from, to: YYYY-MM-DD, tính cả ngày to, tối đa 366 ngày; agency: mã cơ quan, mặc "
       "định là cơ quan của người gọi; counters: số quầy cần phân bổ, mặc định số quầy hiện có), "
       "kèm đề xuất phân bổ quầy theo tỷ lệ (lĩnh vực ít hồ sơ gộp vào quầy tổng hợp). Lãnh "
       "đạo, giám sát, quản trị.",
       "reports"},
      [&s](http::Request& req, const Caller& caller) {
        service::WorkloadQuery q;
        auto from = DateParam(req, "from");
        if (!from.ok()) return ErrorResponse(from.status(), req);
        auto to = DateParam(req, "to");
        if (!to.ok()) return ErrorResponse(to.status(), req);
        q.from = *from;
        q.to = *to;
        if (auto a = req.Query("agency"); a && !a->empty()) q.agency_code = *a;
        if (auto n = req.Query("counters"); n && !n->empty()) {
          int v = 0;
          auto [p, ec] = std::from_chars(n->data(), n->data() + n->size(), v);
          if (ec != std::errc() || p != n->data() + n->size() || v < 1)
            return ErrorResponse(Status::InvalidArgument("invalid_argument", "counters"), req);
          q.counters = v;
        }
        auto r = s.workload->Workload(*caller.principal, q);
        if (!r.ok()) return ErrorResponse(r.status(), req);
        return http::Response::Json(200, service::WorkloadReportJson(*r));
      });
}

}  // namespace motcua::api
