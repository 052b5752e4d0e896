#pragma once
// `fleetcast serve` once its settings are checked: the state database, the live telemetry and the
// refresher, an ingest and refresh every period, the HTTP API on threads of its own, until stopped.
#include "service/serve_config.h"
#include "service/stop_request.h"

namespace fleetcast::service {

// Logs on stderr, one line each, starting "fleetcast serve: "; among them
// "fleetcast serve: listening on http://HOST:PORT" with the real port. Returns after `stop` is requested,
// once the refresh in flight has committed, the server has stopped and the database is closed. Throws
// RuntimeFailure when the state cannot be opened or the address bound, InputError for a bad pools file.
void run_service(const ServeSettings& settings, const StopRequest& stop);

}  // namespace fleetcast::service
