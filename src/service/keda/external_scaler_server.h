#pragma once
// KEDA's external scaler over gRPC (proto/externalscaler.proto). A ScaledObject's `external` trigger names
// a pool in its metadata (`pool: NAME`); KEDA asks for that pool's metric and gets the replicas the latest
// plan wants now, from the snapshot the refresh loop publishes. Nothing is computed per call.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "service/snapshot.h"

namespace grpc {
class Server;
}

namespace fleetcast::service::keda {

// The metric KEDA hands to the HPA for `pool`: "fleetcast-<pool>-desired-replicas", the pool name lower
// cased with every character but [a-z0-9] made '-', since Kubernetes metric names allow no more.
std::string metric_name_for(std::string_view pool);

class ExternalScalerServer {
 public:
  // Serves on `listen_address`, "HOST:PORT" ("127.0.0.1:0" picks a free port: see port()), plaintext:
  // bind it to loopback or a network only KEDA reaches. StreamIsActive looks for a change every
  // `stream_poll`. Throws RuntimeFailure naming the address when it cannot listen there.
  ExternalScalerServer(const SnapshotHolder& snapshots, const std::string& listen_address,
                       std::chrono::milliseconds stream_poll = std::chrono::seconds(1));
  ~ExternalScalerServer();
  ExternalScalerServer(const ExternalScalerServer&) = delete;
  ExternalScalerServer& operator=(const ExternalScalerServer&) = delete;

  int port() const { return port_; }
  // Ends the open StreamIsActive calls, waits for the calls in flight and stops listening. Idempotent.
  void stop();

 private:
  class Service;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace fleetcast::service::keda
