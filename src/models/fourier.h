#pragma once
// "fourier": harmonic regression for seasons too long for ETS (5-minute data: 288 steps a day, 2,016 a
// week; ETS carries at most kMaxEtsSeasonPeriod). Each season period gets K sine/cosine pairs, fitted by
// least squares together with an intercept and a linear trend; the series less that seasonal part is
// forecast by automatic non-seasonal ETS, and the harmonics are extended over the horizon and added back.
// A dynamic harmonic regression in the manner of R's auto.arima(xreg = fourier(...)), with ETS in place of
// ARIMA for the errors.
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "models/model.h"

namespace fleetcast::models {

// Most harmonic pairs tried per period: 10 resolve a daily shape to about 2.4 hours, which the daily
// profiles of request counts do not go below, and keep the least-squares fit small.
inline constexpr std::size_t kMaxFourierHarmonics = 10;

struct FourierTerms {
  std::size_t period = 0;                // in steps
  // The k of each pair sin/cos(2 pi k t / period), ascending. A k whose frequency is a harmonic of a
  // shorter period's is left out (as R's fourier() drops duplicated columns): the daily cycle's harmonics
  // are among the weekly cycle's, and the two columns would be the same.
  std::vector<std::size_t> harmonics;
};

// For each period with at least two full cycles in `values` (the others are left out), the first K of its
// harmonics for K in 0..min(kMaxFourierHarmonics, (period - 1) / 2), chosen by the AICc of the least-squares
// fit, one period at a time, shortest first, the shorter ones' choice held fixed; a period given none is
// left out.
std::vector<FourierTerms> choose_fourier_terms(std::span<const double> values, std::span<const std::size_t> periods);

std::unique_ptr<Model> make_fourier_model();

}  // namespace fleetcast::models
