#pragma once
// Owning handles and error checks for XGBoost's C API, shared by the per-series trees and the global model.
#include <xgboost/c_api.h>

#include <memory>
#include <string>

#include "common/errors.h"

namespace fleetcast::models::xgboost {

inline void check(int status, const char* call) {
  if (status != 0) throw RuntimeFailure(std::string("XGBoost ") + call + " failed: " + XGBGetLastError());
}

struct DMatrixFree {
  void operator()(void* handle) const { XGDMatrixFree(handle); }
};
struct BoosterFree {
  void operator()(void* handle) const { XGBoosterFree(handle); }
};
using DMatrix = std::unique_ptr<void, DMatrixFree>;
using Booster = std::unique_ptr<void, BoosterFree>;

}  // namespace fleetcast::models::xgboost
