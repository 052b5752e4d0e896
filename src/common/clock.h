#pragma once
// The current time, read in one place so that `--now` can stand in for it in replays and tests.
#include "common/time.h"

namespace fleetcast {

// The system clock as microseconds since the epoch (UTC).
TimestampUs current_time();

}  // namespace fleetcast
