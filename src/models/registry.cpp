#include "models/registry.h"

#include <functional>
#include <utility>

#include "common/errors.h"
#include "models/adida.h"
#include "models/croston.h"
#include "models/ets.h"
#include "models/fourier.h"
#include "models/lstm.h"
#include "models/mstl.h"
#include "models/naive.h"
#include "models/trees.h"
#include "models/tsb.h"

namespace fleetcast::models {
namespace {

using ModelFactory = std::function<std::unique_ptr<Model>()>;

// Simplest first: the backtest breaks ties in favour of the earlier entry.
const std::vector<std::pair<std::string, ModelFactory>>& model_factories() {
  static const std::vector<std::pair<std::string, ModelFactory>> factories = {
      {"naive", make_naive_model},
      {"snaive", make_snaive_model},
      {"ets", make_ets_model},
      {"mstl", make_mstl_model},
      {"gbt", make_gbt_model},
      {"rf", make_rf_model},
      {"lstm", make_lstm_model},
      {"croston", make_croston_model},
      {"tsb", make_tsb_model},
      {"adida", make_adida_model},
      {"fourier", make_fourier_model},
  };
  return factories;
}

}  // namespace

const std::vector<std::string>& single_model_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [name, factory] : model_factories()) list.push_back(name);
    return list;
  }();
  return names;
}

std::unique_ptr<Model> make_model(std::string_view name) {
  for (const auto& [known, factory] : model_factories()) {
    if (known == name) return factory();
  }
  std::string valid;
  for (const auto& known : single_model_names()) valid += (valid.empty() ? "" : ", ") + known;
  throw InputError("unknown model '" + std::string(name) + "' (valid: " + valid + ")");
}

}  // namespace fleetcast::models
