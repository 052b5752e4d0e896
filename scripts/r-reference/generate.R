# Reference MSTL decompositions, MSTL forecasts and ETS fits from R's forecast package, committed as test
# fixtures in tests/data/r-reference/ (tests/models/test_stl.cpp, test_mstl.cpp and test_ets.cpp read them).
# The build never runs this script: the fixtures are committed.
#
# Regenerate (Debian: apt-get install r-cran-forecast), from the repository root:
#   Rscript scripts/r-reference/generate.R
# Written with forecast 8.x on R 4.x (the versions are recorded in tests/data/r-reference/versions.txt).
#
# Series (sources in tests/data/r-reference/SOURCES.md):
#   taylor: the first six weeks of forecast::taylor, half-hourly electricity demand (periods 48 and 336)
#   airpassengers: datasets::AirPassengers, monthly (period 12)
#   nab_amzn: tests/data/nab/Twitter_volume_AMZN_tail.csv, 5-minute tweet counts (period 288)
#   hourly_demand: tests/data/simulate_demand.csv summed to hours (period 24)
suppressPackageStartupMessages(library(forecast))

out <- "tests/data/r-reference"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
write_series <- function(name, frame) {
  write.csv(frame, file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
}

# One CSV per decomposition: value, trend, one seasonal column per period (shortest first), remainder.
# A second CSV holds the forecast of forecast::forecast.mstl (stlf: non-seasonal ETS on the seasonally
# adjusted series, each season's last cycle repeated) with the ETS form it chose.
reference_mstl <- function(name, values, periods, horizon) {
  x <- msts(values, seasonal.periods = periods)
  fit <- mstl(x)
  frame <- data.frame(value = as.numeric(values), trend = as.numeric(fit[, "Trend"]))
  for (p in sort(periods)) frame[[paste0("seasonal", p)]] <- as.numeric(fit[, paste0("Seasonal", p)])
  frame$remainder <- as.numeric(fit[, "Remainder"])
  write_series(paste0(name, "_mstl"), frame)

  adjusted <- as.numeric(seasadj(fit))
  ets_fit <- ets(adjusted, model = "ZZN")
  fc <- forecast(fit, h = horizon, method = "ets", etsmodel = "ZZN")
  write_series(paste0(name, "_mstl_forecast"),
               data.frame(step = seq_len(horizon), mean = as.numeric(fc$mean)))
  writeLines(ets_fit$method, file.path(out, paste0(name, "_mstl_adjusted_ets.txt")))
}

# The ETS fit R's automatic selection makes: its form and parameters (key,value CSV) and its fitted
# values and point forecasts.
reference_ets <- function(name, values, period, horizon) {
  fit <- ets(ts(values, frequency = period))
  par <- fit$par
  keys <- c("model", "aicc", "loglik", "sigma2", names(par))
  vals <- c(fit$method, sprintf("%.15g", c(fit$aicc, fit$loglik, fit$sigma2, par)))
  writeLines(paste(keys, vals, sep = ","), file.path(out, paste0(name, "_ets.csv")))
  write_series(paste0(name, "_ets_fitted"), data.frame(value = as.numeric(values), fitted = as.numeric(fitted(fit))))
  fc <- forecast(fit, h = horizon, PI = FALSE)
  write_series(paste0(name, "_ets_forecast"), data.frame(step = seq_len(horizon), mean = as.numeric(fc$mean)))
}

taylor_weeks <- as.numeric(taylor)[1:(6 * 336)]
reference_mstl("taylor", taylor_weeks, c(48, 336), 48)

air <- as.numeric(AirPassengers)
reference_mstl("airpassengers", air, 12, 24)
reference_ets("airpassengers", air, 12, 24)

amzn <- read.csv("tests/data/nab/Twitter_volume_AMZN_tail.csv")$value
reference_mstl("nab_amzn", amzn, 288, 72)

demand <- read.csv("tests/data/simulate_demand.csv")$value
hourly <- colSums(matrix(demand[1:(12 * floor(length(demand) / 12))], nrow = 12))
reference_mstl("hourly_demand", hourly, 24, 24)
reference_ets("hourly_demand", hourly, 24, 24)

writeLines(c(R.version.string, paste("forecast", packageVersion("forecast"))), file.path(out, "versions.txt"))
