// fetch_range against an in-process HTTP server that answers as Prometheus does: chunks, credentials,
// error statuses, timeouts. The real Prometheus is in tests/e2e/test_prometheus.cpp.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/errors.h"
#include "sources/prometheus/query_range.h"

namespace fleetcast::sources::prometheus {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kT0 = 1'700'000'100 * kSecond;

struct AskedRange {
  std::string start, end, step, authorization;
};

// Answers every step of the asked range with value = step index since kT0, except the steps in `missing`.
class FakePrometheus {
 public:
  FakePrometheus() {
    server_.Post("/prefix/api/v1/query_range", [this](const httplib::Request& request, httplib::Response& response) {
      {
        std::lock_guard lock(mutex_);
        asked_.push_back({request.get_param_value("start"), request.get_param_value("end"), request.get_param_value("step"),
                          request.get_header_value("Authorization")});
      }
      if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
      if (status_ != 200) {
        response.status = status_;
        response.set_content(R"({"status":"error","errorType":"unavailable","error":"too busy"})", "application/json");
        return;
      }
      const double start = std::stod(request.get_param_value("start"));
      const double end = std::stod(request.get_param_value("end"));
      const double step = std::stod(request.get_param_value("step"));
      std::string values;
      for (double t = start; t <= end; t += step) {
        const auto index = std::llround((t - static_cast<double>(kT0 / kSecond)) / step);
        if (index == 3) continue;  // a missing step
        values += fmt::format("{}[{},\"{}\"]", values.empty() ? "" : ",", t, index);
      }
      response.set_content(fmt::format(R"({{"status":"success","data":{{"resultType":"matrix","result":[)"
                                       R"({{"metric":{{"job":"x"}},"values":[{}]}}]}}}})",
                                       values),
                           "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the loop runs would leave it running, and the join hanging.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakePrometheus() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return fmt::format("http://127.0.0.1:{}/prefix/", port_); }
  std::vector<AskedRange> asked() {
    std::lock_guard lock(mutex_);
    return asked_;
  }
  void answer_with(int status) { status_ = status; }
  void delay_by(std::chrono::milliseconds delay) { delay_ = delay; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<AskedRange> asked_;
  int status_ = 200;
  std::chrono::milliseconds delay_{0};
};

RangeQuery ten_steps(const std::string& url) {
  RangeQuery query;
  query.url = url;
  query.query = "sum(rate(x[5m]))";
  query.start = kT0 + 10 * kSecond;  // aligned down to kT0
  query.end = kT0 + 9 * 300 * kSecond;
  query.step_seconds = 300;
  query.timeout_seconds = 5;
  return query;
}

TEST(FetchRange, AsksInChunksThatTileTheRangeAndMergesThem) {
  FakePrometheus server;
  RangeQuery query = ten_steps(server.url());
  query.points_per_request = 4;
  const RangeSeries series = fetch_range(query);
  const auto asked = server.asked();
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(series.requests, 3u);
  EXPECT_EQ(asked[0].start, "1700000100.000");
  EXPECT_EQ(asked[0].end, "1700001000.000");
  EXPECT_EQ(asked[1].start, "1700001300.000");
  EXPECT_EQ(asked[1].end, "1700002200.000");
  EXPECT_EQ(asked[2].start, "1700002500.000");
  EXPECT_EQ(asked[2].end, "1700002800.000");
  EXPECT_EQ(asked[0].step, "300");
  EXPECT_EQ(asked[0].authorization, "");
  ASSERT_EQ(series.points.size(), 9u);  // ten steps, the fourth missing
  EXPECT_EQ(series.points.front().timestamp, kT0);
  EXPECT_EQ(series.points.back().value, 9);
  ASSERT_EQ(series.gaps.size(), 1u);
  EXPECT_EQ(series.gaps[0].first, kT0 + 3 * 300 * kSecond);
  EXPECT_EQ(series.gaps[0].steps, 1u);
}

TEST(FetchRange, SendsABearerTokenOrBasicCredentials) {
  FakePrometheus server;
  RangeQuery query = ten_steps(server.url());
  query.credentials.bearer_token = "s3cret";
  fetch_range(query);
  query.credentials = {"", "fleet", "pa55"};
  fetch_range(query);
  const auto asked = server.asked();
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0].authorization, "Bearer s3cret");
  EXPECT_EQ(asked[1].authorization, "Basic ZmxlZXQ6cGE1NQ==");
}

TEST(FetchRange, AServerErrorIsARuntimeFailureWithTheStatusAndTheServersText) {
  FakePrometheus server;
  server.answer_with(503);
  try {
    fetch_range(ten_steps(server.url()));
    FAIL() << "no exception";
  } catch (const RuntimeFailure& error) {
    EXPECT_EQ(std::string(error.what()), server.url() + ": HTTP 503: too busy");
  }
}

TEST(FetchRange, RefusedCredentialsAreAnInputError) {
  FakePrometheus server;
  server.answer_with(401);
  EXPECT_THROW(fetch_range(ten_steps(server.url())), InputError);
}

TEST(FetchRange, ASlowServerIsATimeoutNamingTheUrl) {
  FakePrometheus server;
  server.delay_by(std::chrono::milliseconds(1500));
  RangeQuery query = ten_steps(server.url());
  query.timeout_seconds = 0.3;
  try {
    fetch_range(query);
    FAIL() << "no exception";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find(server.url() + ": no complete answer within the timeout of 0.3 s"), std::string::npos)
        << error.what();
  }
}

TEST(FetchRange, NobodyListeningIsARuntimeFailureNamingTheUrl) {
  std::string url;
  {
    FakePrometheus server;
    url = server.url();
  }
  try {
    fetch_range(ten_steps(url));
    FAIL() << "no exception";
  } catch (const RuntimeFailure& error) {
    EXPECT_EQ(std::string(error.what()), url + ": cannot connect (refused, or the host name does not resolve)");
  }
}

TEST(FetchRange, RefusesAUrlThatIsNotHttp) {
  RangeQuery query = ten_steps("localhost:9090");
  EXPECT_THROW(fetch_range(query), InputError);
}

}  // namespace
}  // namespace fleetcast::sources::prometheus
