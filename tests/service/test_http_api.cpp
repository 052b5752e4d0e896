// The HTTP layer against hand-made snapshots: status codes, auth, bounds, and answers from the snapshot.
#include "service/http_api.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace fleetcast::service {
namespace {

using nlohmann::json;

const std::string kToken = "0123456789abcdef0123456789abcdef";

std::string base64(const std::string& text) {
  std::string encoded(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                     reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return encoded;
}

HttpOptions on_loopback(int port, const std::string& token = "", std::function<std::string_view()> dashboard = {}) {
  HttpOptions options;
  options.listen.port = static_cast<std::uint16_t>(port);
  options.token = token;
  options.dashboard_page = std::move(dashboard);
  return options;
}

std::shared_ptr<const ServiceSnapshot> ready_snapshot() {
  auto snapshot = std::make_shared<ServiceSnapshot>();
  snapshot->ready = true;
  snapshot->report_json = R"({"resource_mode": "surge"})";
  snapshot->pools_json = R"({"pools": ["agents", "web"]})";
  snapshot->accuracy_json = R"({"pools": []})";
  PoolSnapshot web;
  web.name = "web";
  web.desired_replicas = 3;
  web.forecast_json = R"({"pool": "web", "steps": []})";
  web.plan_json = R"({"pool": "web", "steps": [{"desired": 3}]})";
  web.keda_json = R"({"pool": "web", "desired_replicas": 3})";
  web.steps = {{0, 10, 8, 12, 3}};
  snapshot->pools["web"] = web;
  PoolSnapshot agents;
  agents.name = "agents";
  agents.error = "the history spans 3.0 h, under the 48 h a forecast needs";
  snapshot->pools["agents"] = agents;
  return snapshot;
}

class HttpApiTest : public ::testing::Test {
 protected:
  void start(const std::string& token = "", std::function<std::string_view()> dashboard = {}) {
    api_ = std::make_unique<HttpApi>(holder_, on_loopback(0, token, std::move(dashboard)));
    port_ = api_->start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(5, 0);
  }
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) { return client_->Get(path, headers); }

  SnapshotHolder holder_;
  std::unique_ptr<HttpApi> api_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

TEST_F(HttpApiTest, BeforeTheFirstRefreshOnlyHealthAnswers) {
  start();
  EXPECT_GT(port_, 0);
  EXPECT_EQ(get("/healthz")->status, 200);
  EXPECT_EQ(get("/healthz")->body, "ok\n");
  EXPECT_EQ(get("/readyz")->status, 503);
  const auto report = get("/api/v1/report");
  EXPECT_EQ(report->status, 503);
  EXPECT_EQ(json::parse(report->body)["error"], "not ready: the first ingest and refresh have not finished");
  EXPECT_EQ(get("/api/v1/plan?pool=web")->status, 503);
  EXPECT_EQ(get("/api/v1/keda/web")->status, 503);
  EXPECT_EQ(get("/metrics")->status, 200);
}

TEST_F(HttpApiTest, AnswersFromTheSnapshot) {
  holder_.set(ready_snapshot());
  start();
  EXPECT_EQ(get("/readyz")->status, 200);
  const auto report = get("/api/v1/report");
  EXPECT_EQ(report->status, 200);
  EXPECT_EQ(report->body, R"({"resource_mode": "surge"})");
  EXPECT_EQ(report->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(get("/api/v1/pools")->body, R"({"pools": ["agents", "web"]})");
  EXPECT_EQ(get("/api/v1/accuracy")->body, R"({"pools": []})");
  EXPECT_EQ(get("/api/v1/forecast?pool=web")->body, R"({"pool": "web", "steps": []})");
  EXPECT_EQ(get("/api/v1/plan?pool=web")->body, R"({"pool": "web", "steps": [{"desired": 3}]})");
  EXPECT_EQ(get("/api/v1/keda/web")->body, R"({"pool": "web", "desired_replicas": 3})");
  const auto metrics = get("/metrics");
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics->body.find("fleetcast_desired_replicas{pool=\"web\"} 3\n"), std::string::npos);
}

TEST_F(HttpApiTest, ANewSnapshotIsServedAtOnce) {
  holder_.set(ready_snapshot());
  start();
  EXPECT_NE(get("/metrics")->body.find("fleetcast_ready 1\n"), std::string::npos);
  auto next = std::make_shared<ServiceSnapshot>(*ready_snapshot());
  next->report_json = R"({"resource_mode": "steady"})";
  next->pools["web"].desired_replicas = 5;
  holder_.set(next);
  EXPECT_EQ(get("/api/v1/report")->body, R"({"resource_mode": "steady"})");
  EXPECT_NE(get("/metrics")->body.find("fleetcast_desired_replicas{pool=\"web\"} 5\n"), std::string::npos);
}

TEST_F(HttpApiTest, PoolErrorsAreJsonWithThePools) {
  holder_.set(ready_snapshot());
  start();
  const auto missing = get("/api/v1/plan");
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(json::parse(missing->body), json::parse(R"({"error": "missing ?pool=NAME", "pools": ["agents", "web"]})"));
  const auto unknown = get("/api/v1/forecast?pool=nope");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body), json::parse(R"({"error": "unknown pool 'nope'", "pools": ["agents", "web"]})"));
  EXPECT_EQ(get("/api/v1/keda/nope")->status, 404);
  const auto failed = get("/api/v1/keda/agents");
  EXPECT_EQ(failed->status, 503);
  EXPECT_EQ(json::parse(failed->body)["error"], "pool 'agents': the history spans 3.0 h, under the 48 h a forecast needs");
  const auto endpoint = get("/api/v2/nothing");
  EXPECT_EQ(endpoint->status, 404);
  EXPECT_EQ(json::parse(endpoint->body)["error"], "no such endpoint: /api/v2/nothing");
  EXPECT_EQ(get("/")->status, 404);  // no dashboard given
}

TEST_F(HttpApiTest, NoReportYetSaysWhy) {
  auto snapshot = std::make_shared<ServiceSnapshot>();
  snapshot->ready = true;
  snapshot->report_error = "no metric event read yet from metrics/";
  holder_.set(snapshot);
  start();
  const auto report = get("/api/v1/report");
  EXPECT_EQ(report->status, 503);
  EXPECT_EQ(json::parse(report->body)["error"], "no metric event read yet from metrics/");
  EXPECT_EQ(json::parse(get("/api/v1/pools")->body)["error"], "no pools: serve was started without --pools");
}

TEST_F(HttpApiTest, OnlyGet) {
  holder_.set(ready_snapshot());
  start();
  const auto posted = client_->Post("/api/v1/report", "{}", "application/json");
  EXPECT_EQ(posted->status, 405);
  EXPECT_EQ(posted->get_header_value("Allow"), "GET, HEAD");
  EXPECT_EQ(client_->Delete("/healthz")->status, 405);
  EXPECT_EQ(client_->Head("/api/v1/report")->status, 200);
}

TEST_F(HttpApiTest, TokenGuardsEverythingButThePageHealthAndReadiness) {
  holder_.set(ready_snapshot());
  start(kToken, [] { return std::string_view("<!doctype html><title>fleetcast</title>"); });
  for (const std::string path : {"/api/v1/report", "/api/v1/pools", "/api/v1/forecast?pool=web", "/api/v1/accuracy",
                                 "/api/v1/plan?pool=web", "/api/v1/keda/web", "/metrics", "/nothing"}) {
    const auto anonymous = get(path);
    EXPECT_EQ(anonymous->status, 401) << path;
    EXPECT_EQ(anonymous->get_header_value("WWW-Authenticate"), "Bearer realm=\"fleetcast\"") << path;
    EXPECT_EQ(get(path, {{"Authorization", "Bearer " + kToken + "x"}})->status, 401) << path;
    EXPECT_EQ(get(path, {{"Authorization", "Basic " + kToken}})->status, 401) << path;
  }
  EXPECT_EQ(get("/healthz")->status, 200);
  EXPECT_EQ(get("/readyz")->status, 200);
  const httplib::Headers good{{"Authorization", "Bearer " + kToken}};
  EXPECT_EQ(get("/api/v1/report", good)->status, 200);
  EXPECT_EQ(get("/metrics", good)->status, 200);
  // The page is guarded too; a browser cannot send a bearer token when it opens a page, so the page's 401
  // asks for Basic credentials (the token as the password), which the browser then sends with every request.
  const auto challenged = get("/");
  EXPECT_EQ(challenged->status, 401);
  EXPECT_EQ(challenged->get_header_value("WWW-Authenticate"), "Basic realm=\"fleetcast\", charset=\"UTF-8\"");
  // base64("fleetcast:" + kToken) and base64("anyone:" + kToken) both carry the token as the password.
  const std::string basic = "Basic " + base64("fleetcast:" + kToken);
  EXPECT_EQ(get("/api/v1/report", {{"Authorization", basic}})->status, 200);
  EXPECT_EQ(get("/", {{"Authorization", "Basic " + base64("anyone:" + kToken + "x")}})->status, 401);
  const auto page = get("/", {{"Authorization", basic}});
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->body, "<!doctype html><title>fleetcast</title>");
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), "frame-ancestors 'none'");
  EXPECT_EQ(get("/", good)->status, 200);
}

TEST(BasicCredentials, TheTokenIsThePasswordOfAnyUser) {
  const std::string token = "0123456789abcdef-token";
  EXPECT_TRUE(basic_matches("Basic " + base64("fleetcast:" + token), token));
  EXPECT_TRUE(basic_matches("Basic " + base64(":" + token), token));
  EXPECT_TRUE(basic_matches("Basic " + base64("a:" + token), token));    // padding "=="
  EXPECT_TRUE(basic_matches("Basic " + base64("ab:" + token), token));   // padding "="
  EXPECT_FALSE(basic_matches("Basic " + base64("fleetcast:" + token + "x"), token));
  EXPECT_FALSE(basic_matches("Basic " + base64("fleetcast" + token), token));  // no colon
  EXPECT_FALSE(basic_matches("Basic " + base64(token), token));
  EXPECT_FALSE(basic_matches("Basic not-base64!", token));
  EXPECT_FALSE(basic_matches("Bearer " + token, token));
  EXPECT_FALSE(basic_matches("Basic " + base64("u:"), ""));
}

TEST_F(HttpApiTest, WithoutADashboardTheRootIsGuardedLikeAnyPath) {
  holder_.set(ready_snapshot());
  start(kToken);
  EXPECT_EQ(get("/")->status, 401);
  EXPECT_EQ(get("/", {{"Authorization", "Bearer " + kToken}})->status, 404);
}

TEST_F(HttpApiTest, OversizedRequestsAreRefused) {
  holder_.set(ready_snapshot());
  start();
  const auto long_uri = get("/api/v1/plan?pool=" + std::string(10000, 'a'));
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
  const httplib::Headers huge{{"X-Filler", std::string(10000, 'b')}};
  const auto big_header = get("/healthz", huge);
  EXPECT_TRUE(!big_header || big_header->status >= 400);
}

TEST(HttpApi, PortInUseIsARuntimeFailureNamingTheAddress) {
  SnapshotHolder holder;
  HttpApi first(holder, on_loopback(0));
  const int port = first.start();
  HttpApi second(holder, on_loopback(port));
  try {
    second.start();
    FAIL() << "bound a port in use";
  } catch (const RuntimeFailure& error) {
    EXPECT_EQ(std::string(error.what()), fmt::format("cannot listen on 127.0.0.1:{}: the port is in use or the address is not on this host", port));
  }
}

TEST(HttpApi, StopIsPromptAndRepeatable) {
  SnapshotHolder holder;
  HttpApi api(holder, on_loopback(0));
  api.start();
  api.stop();
  api.stop();
}

TEST(BearerMatches, ExactTokenOnly) {
  EXPECT_TRUE(bearer_matches("Bearer " + kToken, kToken));
  EXPECT_FALSE(bearer_matches("Bearer " + kToken.substr(1), kToken));
  EXPECT_FALSE(bearer_matches("Bearer " + kToken + " ", kToken));
  EXPECT_FALSE(bearer_matches("bearer " + kToken, kToken));
  EXPECT_FALSE(bearer_matches("Bearer ", kToken));
  EXPECT_FALSE(bearer_matches("", kToken));
  EXPECT_FALSE(bearer_matches("Bearer x", ""));
}

}  // namespace
}  // namespace fleetcast::service
