#pragma once
// Whether a series is intermittent demand (mostly zero steps between occasional demands), measured the way
// Syntetos and Boylan classify demand: by the average inter-demand interval (ADI) and the squared
// coefficient of variation of the demand sizes (CV^2).
#include <cstddef>
#include <span>
#include <string_view>

namespace fleetcast::series {

enum class DemandClass { kSmooth, kErratic, kIntermittent, kLumpy };

// Syntetos-Boylan-Croston cut-offs: ADI >= 1.32 means demand is missing from about a quarter of the steps
// or more; CV^2 >= 0.49 means the demand sizes vary a lot.
inline constexpr double kIntermittentAdi = 1.32;
inline constexpr double kErraticCv2 = 0.49;

struct Intermittency {
  std::size_t demands = 0;        // steps with a non-zero value
  double zero_share = 0;          // share of the steps that are zero, in [0, 1]
  // Mean interval between demands in steps, the first counted from the start of the series (as R's
  // tsintermittent does): the position of the last demand over the number of demands. 0 with no demand.
  double adi = 0;
  double cv2 = 0;                 // population variance over squared mean of the non-zero values
  DemandClass demand_class = DemandClass::kSmooth;
  // ADI >= kIntermittentAdi with at least two demands and no negative value: the intermittent and lumpy
  // classes, where the intermittent-demand models (croston, tsb, adida) are worth trying.
  bool intermittent = false;
};

Intermittency measure_intermittency(std::span<const double> values);

std::string_view demand_class_name(DemandClass demand_class);  // "smooth", "erratic", ...

}  // namespace fleetcast::series
