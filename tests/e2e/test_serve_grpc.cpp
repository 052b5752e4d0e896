// End-to-end: KEDA's external scaler calls on the real `fleetcast serve --grpc-listen` answer the replicas
// that `fleetcast plan --json` gives for the same files, through a real gRPC client.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <regex>

#include "externalscaler.grpc.pb.h"
#include "support/run_command.h"
#include "support/serve_process.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::examples_dir;
using testing::run_fleetcast;
using testing::ServeProcess;
using testing::TempDir;
using namespace std::chrono_literals;

// Model selection on the example fleet takes a few seconds; a loaded test machine, many more.
constexpr auto kReadyTimeout = 180s;

externalscaler::ScaledObjectRef object_for(const std::string& pool) {
  externalscaler::ScaledObjectRef object;
  object.set_name(pool + "-scaler");
  object.set_namespace_("fleet");
  (*object.mutable_scalermetadata())["pool"] = pool;
  return object;
}

TEST(ServeGrpcE2E, ExternalScalerAnswersThePlannedReplicas) {
  TempDir dir;
  const std::string metrics = (examples_dir() / "fleet/metrics").string();
  const std::string pools = (examples_dir() / "pools.yaml").string();
  ServeProcess serve({"--metrics", metrics, "--heartbeat", (examples_dir() / "fleet/heartbeat").string(), "--pools", pools,
                      "--state", (dir.path() / "state.db").string(), "--listen", "127.0.0.1:0", "--refresh", "1h",
                      "--grpc-listen", "127.0.0.1:0"},
                     dir.path() / "serve.log");
  const auto http_port = serve.wait_for_port(30s);
  ASSERT_TRUE(http_port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*http_port, kReadyTimeout)) << serve.log();
  std::smatch match;
  const std::string log = serve.log();
  ASSERT_TRUE(std::regex_search(log, match, std::regex(R"(KEDA external scaler \(gRPC\) listening on 127\.0\.0\.1:([0-9]+))")))
      << log;
  const auto stub = externalscaler::ExternalScaler::NewStub(
      grpc::CreateChannel("127.0.0.1:" + match[1].str(), grpc::InsecureChannelCredentials()));

  for (const std::string pool : {"local-inference", "agents"}) {
    const auto plan = run_fleetcast({"plan", "--json", "--metrics", metrics, "--pools", pools, "--pool", pool});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const int planned = json::parse(plan.out)["pools"][0]["steps"][0]["desired"].get<int>();

    grpc::ClientContext metrics_context;
    externalscaler::GetMetricsRequest request;
    *request.mutable_scaledobjectref() = object_for(pool);
    request.set_metricname("s0-fleetcast-" + pool + "-desired-replicas");
    externalscaler::GetMetricsResponse values;
    const auto status = stub->GetMetrics(&metrics_context, request, &values);
    ASSERT_TRUE(status.ok()) << pool << ": " << status.error_message();
    ASSERT_EQ(values.metricvalues_size(), 1);
    EXPECT_EQ(values.metricvalues(0).metricvalue(), planned) << pool;
    EXPECT_EQ(values.metricvalues(0).metricvaluefloat(), planned) << pool;

    grpc::ClientContext spec_context;
    externalscaler::GetMetricSpecResponse spec;
    ASSERT_TRUE(stub->GetMetricSpec(&spec_context, object_for(pool), &spec).ok());
    ASSERT_EQ(spec.metricspecs_size(), 1);
    EXPECT_EQ(spec.metricspecs(0).metricname(), "fleetcast-" + pool + "-desired-replicas");
    EXPECT_EQ(spec.metricspecs(0).targetsize(), 1);

    grpc::ClientContext active_context;
    externalscaler::IsActiveResponse active;
    ASSERT_TRUE(stub->IsActive(&active_context, object_for(pool), &active).ok());
    EXPECT_EQ(active.result(), planned > 0) << pool;

    // KEDA's push mode: the stream's first message is the same answer.
    grpc::ClientContext stream_context;
    stream_context.set_deadline(std::chrono::system_clock::now() + 10s);
    auto stream = stub->StreamIsActive(&stream_context, object_for(pool));
    externalscaler::IsActiveResponse streamed;
    ASSERT_TRUE(stream->Read(&streamed)) << pool;
    EXPECT_EQ(streamed.result(), planned > 0) << pool;
    stream_context.TryCancel();
  }

  grpc::ClientContext unknown_context;
  externalscaler::IsActiveResponse unknown;
  const auto not_found = stub->IsActive(&unknown_context, object_for("nope"), &unknown);
  EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(not_found.error_message(), "no pool 'nope' in this fleetcast serve; its pools are agents, local-inference");

  // SIGTERM stops it cleanly with the scaler's stream closed.
  serve.send_signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(30s), 0) << serve.log();
}

}  // namespace
}  // namespace fleetcast
