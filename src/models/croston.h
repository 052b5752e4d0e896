#pragma once
// "croston": Croston's method for intermittent demand with the Syntetos-Boylan (SBA) bias correction.
#include <memory>
#include <span>

#include "models/flat_forecast.h"

namespace fleetcast::models {

// Smooths the non-zero demand sizes z and the intervals p between them (in steps, the first counted from
// the start of the series) with the same constant alpha, each starting at its first observation, and
// forecasts (1 - alpha / 2) * z / p per step. With no demand in the history the rate is 0.
SmoothedRate croston_sba(std::span<const double> history, double alpha);

// alpha is the value of kIntermittentSmoothingGrid with the least in-sample squared error.
std::unique_ptr<Model> make_croston_model();

}  // namespace fleetcast::models
