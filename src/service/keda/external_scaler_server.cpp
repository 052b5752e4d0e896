#include "service/keda/external_scaler_server.h"

#include <grpc/support/log.h>
#include <grpcpp/grpcpp.h>

#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "common/errors.h"
#include "externalscaler.grpc.pb.h"

namespace fleetcast::service::keda {
namespace {

constexpr const char* kPoolKey = "pool";
// A ScaledObjectRef is a name, a namespace and a few metadata strings; anything bigger is not KEDA.
constexpr int kMaxRequestBytes = 64 * 1024;
// Each open StreamIsActive holds a thread of the synchronous server until KEDA closes it.
constexpr int kMaxThreads = 64;
constexpr auto kShutdownGrace = std::chrono::seconds(2);

// gRPC's own messages (a failed bind, a broken connection) as serve's other log lines: one line each,
// prefixed, instead of gRPC's "E1129 15:51:14.409 17458 file.cc:1045] ..." format.
void log_grpc_message(gpr_log_func_args* args) {
  std::fputs(("fleetcast serve: gRPC: " + std::string(args->message) + "\n").c_str(), stderr);
}

struct PoolLookup {
  grpc::Status status;
  int desired_replicas = 0;
};

std::string pool_list(const ServiceSnapshot& snapshot) {
  std::string names;
  for (const auto& [name, pool] : snapshot.pools) names += (names.empty() ? "" : ", ") + name;
  return names;
}

PoolLookup look_up(const SnapshotHolder& snapshots, const externalscaler::ScaledObjectRef& object) {
  const auto& metadata = object.scalermetadata();
  const auto key = metadata.find(kPoolKey);
  if (key == metadata.end() || key->second.empty()) {
    return {grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         "the trigger metadata of ScaledObject '" + object.name() +
                             "' has no 'pool' key: set metadata.pool to the fleetcast pool to scale")};
  }
  const std::string& pool_name = key->second;
  const auto snapshot = snapshots.get();
  if (!snapshot->ready) {
    return {grpc::Status(grpc::StatusCode::UNAVAILABLE, "fleetcast serve has not finished its first refresh")};
  }
  const auto pool = snapshot->pools.find(pool_name);
  if (pool == snapshot->pools.end()) {
    const std::string names = pool_list(*snapshot);
    return {grpc::Status(grpc::StatusCode::NOT_FOUND,
                         "no pool '" + pool_name + "' in this fleetcast serve; " +
                             (names.empty() ? std::string("it serves no pools") : "its pools are " + names))};
  }
  if (!pool->second.error.empty()) {
    return {grpc::Status(grpc::StatusCode::UNAVAILABLE,
                         "pool '" + pool_name + "' has no plan: " + pool->second.error)};
  }
  return {grpc::Status::OK, pool->second.desired_replicas};
}

}  // namespace

std::string metric_name_for(std::string_view pool) {
  std::string name = "fleetcast-";
  for (const char c : pool) {
    const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name += (std::isalnum(static_cast<unsigned char>(lower)) && static_cast<unsigned char>(lower) < 0x80) ? lower : '-';
  }
  return name + "-desired-replicas";
}

class ExternalScalerServer::Service final : public externalscaler::ExternalScaler::Service {
 public:
  Service(const SnapshotHolder& snapshots, std::chrono::milliseconds stream_poll)
      : snapshots_(snapshots), stream_poll_(stream_poll) {}

  grpc::Status IsActive(grpc::ServerContext*, const externalscaler::ScaledObjectRef* object,
                        externalscaler::IsActiveResponse* response) override {
    const PoolLookup lookup = look_up(snapshots_, *object);
    if (lookup.status.ok()) response->set_result(lookup.desired_replicas > 0);
    return lookup.status;
  }

  // Sends the pool's activity when the stream opens and again at each change. A pool that is only
  // unavailable for now (no refresh yet, no plan) sends nothing until it has an answer; a request that
  // can never be answered (no pool key, an unknown pool) ends the stream with its error.
  grpc::Status StreamIsActive(grpc::ServerContext* context, const externalscaler::ScaledObjectRef* object,
                              grpc::ServerWriter<externalscaler::IsActiveResponse>* writer) override {
    std::optional<bool> sent;
    std::unique_lock lock(mutex_);
    while (!stopping_ && !context->IsCancelled()) {
      lock.unlock();
      const PoolLookup lookup = look_up(snapshots_, *object);
      if (!lookup.status.ok() && lookup.status.error_code() != grpc::StatusCode::UNAVAILABLE) return lookup.status;
      if (lookup.status.ok() && sent != (lookup.desired_replicas > 0)) {
        externalscaler::IsActiveResponse response;
        response.set_result(lookup.desired_replicas > 0);
        if (!writer->Write(response)) return grpc::Status::OK;  // KEDA went away
        sent = response.result();
      }
      lock.lock();
      stop_requested_.wait_for(lock, stream_poll_, [this] { return stopping_; });
    }
    return stopping_ ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "fleetcast serve is stopping")
                     : grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream");
  }

  grpc::Status GetMetricSpec(grpc::ServerContext*, const externalscaler::ScaledObjectRef* object,
                             externalscaler::GetMetricSpecResponse* response) override {
    const PoolLookup lookup = look_up(snapshots_, *object);
    if (!lookup.status.ok()) return lookup.status;
    // One replica per unit of the metric: the HPA then runs exactly the replicas the plan asks for.
    auto* spec = response->add_metricspecs();
    spec->set_metricname(metric_name_for(object->scalermetadata().at(kPoolKey)));
    spec->set_targetsize(1);
    spec->set_targetsizefloat(1.0);
    return grpc::Status::OK;
  }

  grpc::Status GetMetrics(grpc::ServerContext*, const externalscaler::GetMetricsRequest* request,
                          externalscaler::GetMetricsResponse* response) override {
    const PoolLookup lookup = look_up(snapshots_, request->scaledobjectref());
    if (!lookup.status.ok()) return lookup.status;
    // KEDA matches the value to its metric by the name it asked for, which it may have prefixed.
    auto* value = response->add_metricvalues();
    value->set_metricname(request->metricname().empty()
                              ? metric_name_for(request->scaledobjectref().scalermetadata().at(kPoolKey))
                              : request->metricname());
    value->set_metricvalue(lookup.desired_replicas);
    value->set_metricvaluefloat(lookup.desired_replicas);
    return grpc::Status::OK;
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_requested_.notify_all();
  }

 private:
  const SnapshotHolder& snapshots_;
  const std::chrono::milliseconds stream_poll_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
};

ExternalScalerServer::ExternalScalerServer(const SnapshotHolder& snapshots, const std::string& listen_address,
                                           std::chrono::milliseconds stream_poll)
    : service_(std::make_unique<Service>(snapshots, stream_poll)) {
  static std::once_flag log_redirected;
  std::call_once(log_redirected, [] { gpr_set_log_function(log_grpc_message); });
  grpc::ResourceQuota quota("fleetcast-keda");
  quota.SetMaxThreads(kMaxThreads);
  grpc::ServerBuilder builder;
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // gRPC sets SO_REUSEPORT by default, so a second serve on the same port would share it silently.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(listen_address, grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    throw RuntimeFailure("cannot listen for gRPC (KEDA external scaler) on '" + listen_address +
                         "': the address is malformed or in use");
  }
}

ExternalScalerServer::~ExternalScalerServer() { stop(); }

void ExternalScalerServer::stop() {
  if (!server_) return;
  service_->stop();
  server_->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  server_->Wait();
  server_.reset();
}

}  // namespace fleetcast::service::keda
