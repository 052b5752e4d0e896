#pragma once
// "tsb": the Teunter-Syntetos-Babai method for intermittent demand, which (unlike Croston) updates the
// demand probability every step, so a demand that stops is forecast to fade instead of staying flat.
#include <memory>
#include <span>

#include "models/flat_forecast.h"

namespace fleetcast::models {

// From the first demand on: the probability d of a demand in a step (starting at 1 / the steps up to and
// including the first demand) moves by probability_beta towards 1 or 0 every step; the size z of a
// non-zero demand (starting at the first one) moves by size_alpha towards each new one. Forecasts d * z per
// step; 0 with no demand in the history.
SmoothedRate tsb(std::span<const double> history, double size_alpha, double probability_beta);

// Both constants from kIntermittentSmoothingGrid, the pair with the least in-sample squared error.
std::unique_ptr<Model> make_tsb_model();

}  // namespace fleetcast::models
