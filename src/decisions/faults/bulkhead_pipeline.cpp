#include "decisions/faults/bulkhead_pipeline.h"

namespace fleetcast::decisions::faults {

BulkheadRun run_bulkhead_sizing(const BulkheadRequest& request) {
  request.options.validate();
  BulkheadRun run;
  run.load = events::load_call_outcomes(request.metric_paths, request.now, request.history);
  run.sizing = size_bulkheads(run.load.callers, request.options);
  return run;
}

}  // namespace fleetcast::decisions::faults
