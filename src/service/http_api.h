#pragma once
// `serve`'s HTTP API over cpp-httplib: every answer is a lookup in the latest snapshot, never a
// computation. Only GET; bounded requests and timeouts; nothing served from disk; with a token, every
// endpoint but the dashboard page, /healthz and /readyz needs `Authorization: Bearer <token>`.
//
//   GET /                          the dashboard page (HttpOptions::dashboard_page), open: its data
//                                  comes from the endpoints below, with the token from #token=...
//   GET /api/v1/report             the same JSON as `report --json`
//   GET /api/v1/forecast?pool=NAME
//   GET /api/v1/plan?pool=NAME     the same JSON as `plan --json` for the pool
//   GET /api/v1/pools
//   GET /api/v1/accuracy
//   GET /api/v1/keda/NAME          {"pool", "desired_replicas", ...} for KEDA's metrics-api trigger
//   GET /healthz                   200 "ok" while the process answers
//   GET /readyz                    200 after the first complete ingest and refresh, 503 before
//   GET /metrics                   Prometheus text format 0.0.4
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "service/serve_config.h"
#include "service/snapshot.h"

namespace fleetcast::service {

struct HttpOptions {
  ListenAddress listen{"127.0.0.1", 9464};
  std::string token;  // empty: no authentication
  // The page GET / answers; unset, / answers 404.
  std::function<std::string_view()> dashboard_page;
};

class HttpApi {
 public:
  HttpApi(const SnapshotHolder& snapshots, HttpOptions options);
  ~HttpApi();  // stops the server
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Binds the address and answers on threads of its own until stop(); returns the bound port (the real
  // one when the address asked for port 0). Throws RuntimeFailure naming the address when it cannot bind
  // (a port in use, an address not on this host).
  int start();
  // Stops answering and joins the server's threads; waits for requests in flight. Safe to call twice.
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether `header` is "Bearer <token>", compared in time that does not depend on where they differ.
bool bearer_matches(const std::string& header, const std::string& token);
// Whether `header` is "Basic base64(USER:TOKEN)" with any user name: what a browser sends after its own
// login prompt, since it cannot send a bearer token when it opens a page. Same constant-time compare.
bool basic_matches(const std::string& header, const std::string& token);
// True when `header` is `Basic base64(USER:TOKEN)` with any user name: what a browser sends after its own
// login prompt (it cannot send a bearer token when it opens a page). Constant time in the token too.
bool basic_matches(const std::string& header, const std::string& token);

}  // namespace fleetcast::service
