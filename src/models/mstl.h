#pragma once
// MSTL (Bandara, Hyndman & Bergmeir 2021): STL applied in turn for each seasonal period, iterated; the
// forecast is ETS on the seasonally adjusted series plus each season's last cycle repeated.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "models/model.h"

namespace fleetcast::models {

struct MstlDecomposition {
  std::vector<std::size_t> periods;            // the periods used, shortest first
  std::vector<std::vector<double>> seasonals;  // one component per period, same order
  std::vector<double> trend;                   // empty when no period was usable
  std::vector<double> remainder;               // empty when no period was usable
};

// The periods MSTL can use for `length` values: distinct, at least 2, with two full cycles, shortest first.
std::vector<std::size_t> mstl_periods(std::span<const std::size_t> periods, std::size_t length);

// `periods`, sorted and distinct, with the daily and the weekly period (in steps of `step_seconds`, where
// whole) added when either of them is among `periods`: demand with one calendar cycle nearly always has the
// other.
std::vector<std::size_t> with_calendar_companion(std::span<const std::size_t> periods, std::int64_t step_seconds);

// Decomposes `values` by the usable periods among `periods` (none usable: an empty decomposition).
// Throws InputError for a non-finite value.
MstlDecomposition mstl_decompose(std::span<const double> values, std::span<const std::size_t> periods);

// The "mstl" model: FitOptions::season_periods with their calendar companion. With no usable period it is
// non-seasonal ETS.
std::unique_ptr<Model> make_mstl_model();

}  // namespace fleetcast::models
