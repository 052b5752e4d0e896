#include "common/clock.h"

#include <chrono>

namespace fleetcast {

TimestampUs current_time() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
}

}  // namespace fleetcast
