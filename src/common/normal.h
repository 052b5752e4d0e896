#pragma once
// The standard normal distribution's upper tail and quantile, for intervals and risks matched to a normal.
namespace fleetcast {

// P(Z > z).
double normal_upper_tail(double z);
// The z with P(Z <= z) = probability; throws InputError outside (0, 1).
double normal_quantile(double probability);

}  // namespace fleetcast
