#include "models/lstm_network.h"

#include <cmath>

#include "common/random.h"
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

namespace fleetcast::models {
namespace {

// Views of the flat parameter vector in the order documented on LstmNetwork::parameters().
template <typename Vector>
struct ParameterViews {
  using Matrix = std::conditional_t<std::is_const_v<Vector>, const Eigen::MatrixXd, Eigen::MatrixXd>;
  using Column = std::conditional_t<std::is_const_v<Vector>, const Eigen::VectorXd, Eigen::VectorXd>;
  using RowVector = std::conditional_t<std::is_const_v<Vector>, const Eigen::RowVectorXd, Eigen::RowVectorXd>;

  ParameterViews(Vector& flat, Eigen::Index hidden)
      : input(flat.data(), 4 * hidden),
        recurrent(flat.data() + 4 * hidden, 4 * hidden, hidden),
        bias(flat.data() + 4 * hidden + 4 * hidden * hidden, 4 * hidden),
        output(flat.data() + 8 * hidden + 4 * hidden * hidden, hidden),
        output_bias(flat.data()[9 * hidden + 4 * hidden * hidden]) {}

  Eigen::Map<Column> input;
  Eigen::Map<Matrix> recurrent;
  Eigen::Map<Column> bias;
  Eigen::Map<RowVector> output;
  decltype(std::declval<Vector&>().data()[0]) output_bias;
};

Eigen::Index parameter_count(Eigen::Index hidden) { return 9 * hidden + 4 * hidden * hidden + 1; }

Eigen::MatrixXd sigmoid(const Eigen::MatrixXd& x) { return (1.0 + (-x.array()).exp()).inverse().matrix(); }

// What the backward pass needs from each time step; gates hold activations, rows as in the parameters.
struct StepState {
  Eigen::MatrixXd gates;       // 4H x B: input, forget, cell candidate, output
  Eigen::MatrixXd cell;        // H x B
  Eigen::MatrixXd cell_tanh;   // H x B
  Eigen::MatrixXd hidden;      // H x B
};

struct ForwardPass {
  std::vector<StepState> steps;
  Eigen::RowVectorXd outputs;
};

ForwardPass run_forward(const Eigen::VectorXd& flat, Eigen::Index hidden, const Eigen::MatrixXd& windows) {
  const ParameterViews<const Eigen::VectorXd> p(flat, hidden);
  const Eigen::Index batch = windows.cols();
  ForwardPass pass;
  pass.steps.reserve(static_cast<std::size_t>(windows.rows()));
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(hidden, batch);
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(hidden, batch);
  for (Eigen::Index t = 0; t < windows.rows(); ++t) {
    Eigen::MatrixXd pre = p.input * windows.row(t) + p.recurrent * h;
    pre.colwise() += p.bias;
    StepState state;
    state.gates.resize(4 * hidden, batch);
    state.gates.topRows(2 * hidden) = sigmoid(pre.topRows(2 * hidden));
    state.gates.middleRows(2 * hidden, hidden) = pre.middleRows(2 * hidden, hidden).array().tanh().matrix();
    state.gates.bottomRows(hidden) = sigmoid(pre.bottomRows(hidden));
    c = (state.gates.middleRows(hidden, hidden).array() * c.array() +
         state.gates.topRows(hidden).array() * state.gates.middleRows(2 * hidden, hidden).array())
            .matrix();
    state.cell = c;
    state.cell_tanh = c.array().tanh().matrix();
    h = (state.gates.bottomRows(hidden).array() * state.cell_tanh.array()).matrix();
    state.hidden = h;
    pass.steps.push_back(std::move(state));
  }
  pass.outputs = ((p.output * h).array() + p.output_bias).matrix();
  return pass;
}

}  // namespace

LstmNetwork::LstmNetwork(std::size_t hidden_size, std::uint64_t seed)
    : hidden_(hidden_size), parameters_(parameter_count(static_cast<Eigen::Index>(hidden_size))) {
  std::mt19937_64 engine(seed);
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (double& value : parameters_) {
    value = bound * (2.0 * uniform01(engine) - 1.0);
  }
  const auto hidden = static_cast<Eigen::Index>(hidden_size);
  ParameterViews<Eigen::VectorXd> p(parameters_, hidden);
  p.bias.segment(hidden, hidden).setOnes();
  p.output.setZero();
  p.output_bias = 0;
}

Eigen::RowVectorXd LstmNetwork::predict(const Eigen::MatrixXd& windows) const {
  return run_forward(parameters_, static_cast<Eigen::Index>(hidden_), windows).outputs;
}

double LstmNetwork::loss(const Eigen::MatrixXd& windows, const Eigen::RowVectorXd& targets) const {
  return 0.5 * (predict(windows) - targets).squaredNorm() / static_cast<double>(windows.cols());
}

double LstmNetwork::loss_and_gradient(const Eigen::MatrixXd& windows, const Eigen::RowVectorXd& targets,
                                      Eigen::VectorXd& gradient) const {
  const auto hidden = static_cast<Eigen::Index>(hidden_);
  const Eigen::Index batch = windows.cols();
  const ForwardPass pass = run_forward(parameters_, hidden, windows);
  const ParameterViews<const Eigen::VectorXd> p(parameters_, hidden);
  gradient.setZero(parameters_.size());
  ParameterViews<Eigen::VectorXd> g(gradient, hidden);

  const Eigen::RowVectorXd output_error = (pass.outputs - targets) / static_cast<double>(batch);
  const double loss = 0.5 * (pass.outputs - targets).squaredNorm() / static_cast<double>(batch);
  g.output = output_error * pass.steps.back().hidden.transpose();
  g.output_bias = output_error.sum();

  Eigen::MatrixXd d_hidden = p.output.transpose() * output_error;
  Eigen::MatrixXd d_cell = Eigen::MatrixXd::Zero(hidden, batch);
  Eigen::MatrixXd d_pre(4 * hidden, batch);
  const Eigen::MatrixXd zeros = Eigen::MatrixXd::Zero(hidden, batch);
  for (Eigen::Index t = windows.rows() - 1; t >= 0; --t) {
    const StepState& state = pass.steps[static_cast<std::size_t>(t)];
    const Eigen::MatrixXd& previous_cell = t > 0 ? pass.steps[static_cast<std::size_t>(t - 1)].cell : zeros;
    const Eigen::MatrixXd& previous_hidden = t > 0 ? pass.steps[static_cast<std::size_t>(t - 1)].hidden : zeros;
    const auto input_gate = state.gates.topRows(hidden).array();
    const auto forget_gate = state.gates.middleRows(hidden, hidden).array();
    const auto candidate = state.gates.middleRows(2 * hidden, hidden).array();
    const auto output_gate = state.gates.bottomRows(hidden).array();
    const auto cell_tanh = state.cell_tanh.array();

    d_cell.array() += d_hidden.array() * output_gate * (1.0 - cell_tanh.square());
    d_pre.topRows(hidden) = (d_cell.array() * candidate * input_gate * (1.0 - input_gate)).matrix();
    d_pre.middleRows(hidden, hidden) =
        (d_cell.array() * previous_cell.array() * forget_gate * (1.0 - forget_gate)).matrix();
    d_pre.middleRows(2 * hidden, hidden) = (d_cell.array() * input_gate * (1.0 - candidate.square())).matrix();
    d_pre.bottomRows(hidden) = (d_hidden.array() * cell_tanh * output_gate * (1.0 - output_gate)).matrix();

    g.input.noalias() += d_pre * windows.row(t).transpose();
    g.recurrent.noalias() += d_pre * previous_hidden.transpose();
    g.bias += d_pre.rowwise().sum();
    d_hidden.noalias() = p.recurrent.transpose() * d_pre;
    d_cell.array() *= forget_gate;
  }
  return loss;
}

AdamOptimizer::AdamOptimizer(Eigen::Index parameter_count, double learning_rate)
    : learning_rate_(learning_rate),
      first_moment_(Eigen::VectorXd::Zero(parameter_count)),
      second_moment_(Eigen::VectorXd::Zero(parameter_count)) {}

void AdamOptimizer::step(Eigen::VectorXd& parameters, const Eigen::VectorXd& gradient) {
  constexpr double kFirstDecay = 0.9;
  constexpr double kSecondDecay = 0.999;
  constexpr double kEpsilon = 1e-8;
  ++steps_taken_;
  first_moment_ = kFirstDecay * first_moment_ + (1.0 - kFirstDecay) * gradient;
  second_moment_ = kSecondDecay * second_moment_ + (1.0 - kSecondDecay) * gradient.cwiseAbs2();
  const double first_correction = 1.0 - std::pow(kFirstDecay, steps_taken_);
  const double second_correction = 1.0 - std::pow(kSecondDecay, steps_taken_);
  parameters.array() -= learning_rate_ * (first_moment_.array() / first_correction) /
                        ((second_moment_.array() / second_correction).sqrt() + kEpsilon);
}

}  // namespace fleetcast::models
