// The KEDA external scaler through a real gRPC client on loopback, the way KEDA calls it.
#include "service/keda/external_scaler_server.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "common/errors.h"
#include "externalscaler.grpc.pb.h"

namespace fleetcast::service::keda {
namespace {

using externalscaler::ExternalScaler;
using externalscaler::ScaledObjectRef;
using namespace std::chrono_literals;

std::shared_ptr<const ServiceSnapshot> snapshot_with(int chat_replicas) {
  auto snapshot = std::make_shared<ServiceSnapshot>();
  snapshot->ready = true;
  snapshot->pools["chat"].name = "chat";
  snapshot->pools["chat"].desired_replicas = chat_replicas;
  snapshot->pools["batch"].name = "batch";
  snapshot->pools["broken"].name = "broken";
  snapshot->pools["broken"].error = "no demand in the telemetry";
  return snapshot;
}

ScaledObjectRef object_for(const std::string& pool) {
  ScaledObjectRef object;
  object.set_name("chat-scaler");
  object.set_namespace_("fleet");
  if (!pool.empty()) (*object.mutable_scalermetadata())["pool"] = pool;
  return object;
}

class ExternalScalerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    snapshots_.set(snapshot_with(3));
    server_ = std::make_unique<ExternalScalerServer>(snapshots_, "127.0.0.1:0", 10ms);
    ASSERT_GT(server_->port(), 0);
    stub_ = ExternalScaler::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
  }

  grpc::Status is_active(const std::string& pool, bool& active) {
    grpc::ClientContext context;
    externalscaler::IsActiveResponse response;
    const auto status = stub_->IsActive(&context, object_for(pool), &response);
    active = response.result();
    return status;
  }

  SnapshotHolder snapshots_;
  std::unique_ptr<ExternalScalerServer> server_;
  std::unique_ptr<ExternalScaler::Stub> stub_;
};

TEST(MetricName, IsTheLowerCasedPoolWithOtherCharactersAsDashes) {
  EXPECT_EQ(metric_name_for("chat"), "fleetcast-chat-desired-replicas");
  EXPECT_EQ(metric_name_for("GPU pool/A_1"), "fleetcast-gpu-pool-a-1-desired-replicas");
  EXPECT_EQ(metric_name_for("caf\xc3\xa9"), "fleetcast-caf---desired-replicas");
}

TEST_F(ExternalScalerTest, GetMetricSpecAsksForOneReplicaPerUnit) {
  grpc::ClientContext context;
  externalscaler::GetMetricSpecResponse response;
  ASSERT_TRUE(stub_->GetMetricSpec(&context, object_for("chat"), &response).ok());
  ASSERT_EQ(response.metricspecs_size(), 1);
  EXPECT_EQ(response.metricspecs(0).metricname(), "fleetcast-chat-desired-replicas");
  EXPECT_EQ(response.metricspecs(0).targetsize(), 1);
  EXPECT_EQ(response.metricspecs(0).targetsizefloat(), 1.0);
}

TEST_F(ExternalScalerTest, GetMetricsAnswersThePlannedReplicasUnderTheNameAskedFor) {
  grpc::ClientContext context;
  externalscaler::GetMetricsRequest request;
  *request.mutable_scaledobjectref() = object_for("chat");
  request.set_metricname("s0-fleetcast-chat-desired-replicas");
  externalscaler::GetMetricsResponse response;
  ASSERT_TRUE(stub_->GetMetrics(&context, request, &response).ok());
  ASSERT_EQ(response.metricvalues_size(), 1);
  EXPECT_EQ(response.metricvalues(0).metricname(), "s0-fleetcast-chat-desired-replicas");
  EXPECT_EQ(response.metricvalues(0).metricvalue(), 3);
  EXPECT_EQ(response.metricvalues(0).metricvaluefloat(), 3.0);
}

TEST_F(ExternalScalerTest, GetMetricsFollowsTheLatestSnapshot) {
  snapshots_.set(snapshot_with(7));
  grpc::ClientContext context;
  externalscaler::GetMetricsRequest request;
  *request.mutable_scaledobjectref() = object_for("chat");
  externalscaler::GetMetricsResponse response;
  ASSERT_TRUE(stub_->GetMetrics(&context, request, &response).ok());
  ASSERT_EQ(response.metricvalues_size(), 1);
  EXPECT_EQ(response.metricvalues(0).metricname(), "fleetcast-chat-desired-replicas");
  EXPECT_EQ(response.metricvalues(0).metricvalue(), 7);
}

TEST_F(ExternalScalerTest, IsActiveWhenThePlanWantsAnyReplica) {
  bool active = false;
  ASSERT_TRUE(is_active("chat", active).ok());
  EXPECT_TRUE(active);
  ASSERT_TRUE(is_active("batch", active).ok());
  EXPECT_FALSE(active);
}

TEST_F(ExternalScalerTest, MissingPoolKeyIsInvalidArgumentNamingTheKey) {
  bool active = false;
  const auto status = is_active("", active);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("'pool'"), std::string::npos) << status.error_message();
  EXPECT_NE(status.error_message().find("chat-scaler"), std::string::npos) << status.error_message();
}

TEST_F(ExternalScalerTest, UnknownPoolIsNotFoundListingThePools) {
  grpc::ClientContext context;
  externalscaler::GetMetricSpecResponse response;
  const auto status = stub_->GetMetricSpec(&context, object_for("chta"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no pool 'chta' in this fleetcast serve; its pools are batch, broken, chat");
}

TEST_F(ExternalScalerTest, PoolWithoutAPlanIsUnavailableWithTheReason) {
  bool active = true;
  const auto status = is_active("broken", active);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "pool 'broken' has no plan: no demand in the telemetry");
}

TEST_F(ExternalScalerTest, BeforeTheFirstRefreshEveryPoolIsUnavailable) {
  snapshots_.set(std::make_shared<const ServiceSnapshot>());
  grpc::ClientContext context;
  externalscaler::GetMetricsRequest request;
  *request.mutable_scaledobjectref() = object_for("chat");
  externalscaler::GetMetricsResponse response;
  EXPECT_EQ(stub_->GetMetrics(&context, request, &response).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ExternalScalerTest, StreamIsActiveSendsOnEachChangeAndEndsWhenTheServerStops) {
  grpc::ClientContext context;
  auto reader = stub_->StreamIsActive(&context, object_for("chat"));
  externalscaler::IsActiveResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_TRUE(response.result());

  snapshots_.set(snapshot_with(5));  // still active: nothing to send
  std::this_thread::sleep_for(50ms);
  snapshots_.set(snapshot_with(0));
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_FALSE(response.result());
  snapshots_.set(snapshot_with(2));
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_TRUE(response.result());

  server_->stop();
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ExternalScalerTest, StreamIsActiveWaitsForTheFirstRefresh) {
  snapshots_.set(std::make_shared<const ServiceSnapshot>());
  grpc::ClientContext context;
  auto reader = stub_->StreamIsActive(&context, object_for("chat"));
  std::this_thread::sleep_for(50ms);
  snapshots_.set(snapshot_with(4));
  externalscaler::IsActiveResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_TRUE(response.result());
  context.TryCancel();
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(ExternalScalerTest, StreamIsActiveForAnUnknownPoolEndsWithNotFound) {
  grpc::ClientContext context;
  auto reader = stub_->StreamIsActive(&context, object_for("nope"));
  externalscaler::IsActiveResponse response;
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ExternalScalerTest, OversizedRequestIsRefused) {
  grpc::ClientContext context;
  externalscaler::IsActiveResponse response;
  auto object = object_for("chat");
  (*object.mutable_scalermetadata())["padding"] = std::string(100 * 1024, 'x');
  EXPECT_EQ(stub_->IsActive(&context, object, &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(ExternalScalerTest, StopIsIdempotent) {
  server_->stop();
  server_->stop();
  bool active = false;
  EXPECT_FALSE(is_active("chat", active).ok());
}

TEST(ExternalScalerServer, APortInUseIsARuntimeFailureNamingTheAddress) {
  SnapshotHolder snapshots;
  ExternalScalerServer first(snapshots, "127.0.0.1:0");
  const std::string address = "127.0.0.1:" + std::to_string(first.port());
  ::testing::internal::CaptureStderr();
  try {
    ExternalScalerServer second(snapshots, address);
    FAIL() << "a second server listened on " << address;
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find(address), std::string::npos) << error.what();
  }
  // gRPC's complaint about the bind comes out as serve's log lines do.
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(log.rfind("fleetcast serve: gRPC: ", 0), 0u) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
}

}  // namespace
}  // namespace fleetcast::service::keda
