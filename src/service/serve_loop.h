#pragma once
// `fleetcast serve` once its settings are checked: the state database, the live telemetry and the
// refresher, an ingest and refresh every period, the HTTP API on threads of its own, until stopped.
#include <functional>
#include <memory>

#include "service/serve_config.h"
#include "service/snapshot.h"
#include "service/stop_request.h"

namespace fleetcast::service {

// A server beside the HTTP API that answers from the same snapshots: the KEDA external scaler (gRPC),
// whose library sits above this stage, so the caller hands in how to start it.
struct SideServer {
  std::shared_ptr<void> owner;  // stops the server when released
  int port = 0;                 // the bound port
};
using StartSideServer = std::function<SideServer(const SnapshotHolder&, const ListenAddress&)>;

// Logs on stderr, one line each, starting "fleetcast serve: "; among them
// "fleetcast serve: listening on http://HOST:PORT" with the real port. Returns after `stop` is requested,
// once the refresh in flight has committed, the server has stopped and the database is closed. Throws
// RuntimeFailure when the state cannot be opened or the address bound, InputError for a bad pools file.
// With settings.grpc_listen, `start_grpc` starts the KEDA external scaler there after the HTTP API.
void run_service(const ServeSettings& settings, const StopRequest& stop, const StartSideServer& start_grpc);

}  // namespace fleetcast::service
