#include "app/app_state.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <iomanip>
#include <sstream>

namespace bpl {

namespace {
double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TrainConfig default_app_config() {
  // The app starts with the notebook's network (64-25-10 sigmoid, Ng's sigmoid outputs,
  // lambda = 1) trained by conjugate gradient on the plain training split: it is the story
  // the lab tells, one CG iteration fits in a frame's time slice even in WebAssembly, and it
  // reads sketches well within a couple of seconds.
  TrainConfig c;
  c.arch.hidden = {25};
  c.augment = false;
  c.max_iterations = 400;
  return c;
}

AppState::AppState() : test_accuracy_(kNaN) {}

Status AppState::load_data_csv(std::string_view text) {
  Result<Dataset> d = parse_digits_csv(text);
  if (!d.ok()) {
    last_error_ = "digits data: " + d.message();
    return d.status;
  }
  const TrainConfig cfg = has_data_ ? trainer_.config() : default_app_config();
  Status s = trainer_.setup(d.value, cfg);
  if (!s.ok()) {
    last_error_ = s.message();
    return s;
  }
  has_data_ = true;
  weights_changed();
  return Status::Ok();
}

Status AppState::set_config(const TrainConfig& cfg) {
  if (!has_data_) {
    Status s = cfg.validate();
    return s.ok() ? Status::Error("no data loaded yet") : s;
  }
  Status s = trainer_.reconfigure(cfg);
  if (!s.ok()) return s;
  if (source_ == InputSource::Dataset && selected_ >= trainer_.data().size()) clear_input();
  weights_changed();
  return Status::Ok();
}

void AppState::continue_if_stopped() {
  if (!has_data_ || !trainer_.stopped()) return;
  // Train/Step after a stop continue past the limit rather than doing nothing.
  TrainConfig c = trainer_.config();
  c.max_iterations = std::min(100000, c.max_iterations + default_app_config().max_iterations);
  trainer_.reconfigure(c);
}

void AppState::set_training(bool on) {
  if (on) continue_if_stopped();
  training_ = on && has_data_;
  if (!training_) weights_changed();  // makes the test accuracy known
}

int AppState::train_for(double budget_ms) {
  if (!has_data_) return 0;
  const double t0 = now_ms();
  int steps = 0;
  do {
    if (!trainer_.step()) {
      training_ = false;
      break;
    }
    ++steps;
  } while (now_ms() - t0 < budget_ms);
  const double dt = now_ms() - t0;
  if (steps > 0 && dt > 0) {
    const double rate = 1000.0 * steps / dt;
    steps_per_second_ = steps_per_second_ == 0 ? rate : 0.9 * steps_per_second_ + 0.1 * rate;
  }
  if (steps > 0 || !training_) weights_changed();
  return steps;
}

void AppState::step(int n) {
  if (!has_data_) return;
  continue_if_stopped();
  for (int i = 0; i < n; ++i)
    if (!trainer_.step()) break;
  weights_changed();
}

void AppState::reset() {
  if (!has_data_) return;
  trainer_.reset();
  steps_per_second_ = 0;
  weights_changed();
}

void AppState::weights_changed() {
  ++weights_version_;
  test_accuracy_ = kNaN;
  if (has_data_ && (!training_ || trainer_.stopped())) {
    const std::vector<int>& pred = test_predictions();
    test_accuracy_ = accuracy(pred, trainer_.y(Subset::Test));
  }
}

std::string AppState::status_line() const {
  if (!has_data_) return "Loading the digits...";
  std::ostringstream s;
  const Trainer& t = trainer_;
  const bool mb = is_minibatch(t.config().optim.kind);
  s.precision(3);
  if (training_)
    s << "Training " << to_string(t.config().optim.kind) << ": ";
  else if (t.stopped())
    s << "Stopped (" << to_string(t.stop_reason()) << "): ";
  else
    s << "Paused: ";
  if (mb)
    s << "epoch " << std::fixed << std::setprecision(1) << t.epoch();
  else
    s << "iteration " << t.iteration();
  if (!t.history().empty()) {
    const HistoryPoint& p = t.history().back();
    s << std::fixed << std::setprecision(1) << ", validation accuracy " << 100.0 * p.validation.accuracy << "%";
  }
  if (!std::isnan(test_accuracy_)) s << std::fixed << std::setprecision(1) << ", test accuracy " << 100.0 * test_accuracy_ << "%";
  return s.str();
}

void AppState::select_dataset_image(int index) {
  if (!has_data_ || index < 0 || index >= trainer_.data().size()) return;
  source_ = InputSource::Dataset;
  selected_ = index;
  input_ = trainer_.data().X.col(index);
  input_version_ = 0;
  ++input_serial_;
}

void AppState::set_sketch_input(const VecD& counts64, bool valid) {
  if (!valid || counts64.size() != kPixels) {
    if (source_ == InputSource::Sketch) clear_input();
    return;
  }
  source_ = InputSource::Sketch;
  selected_ = -1;
  input_ = counts64;
  input_version_ = 0;
  ++input_serial_;
}

void AppState::clear_input() {
  source_ = InputSource::None;
  selected_ = -1;
  input_.setZero(kPixels);
  input_version_ = 0;
  ++input_serial_;
}

Status AppState::add_to_weights(const VecD& delta) {
  if (!has_data_) return Status::Error("no data loaded yet");
  VecF& theta = trainer_.net().theta();
  if (delta.size() != theta.size())
    return Status::Error("the update has " + std::to_string(delta.size()) + " values; the network has " +
                         std::to_string(theta.size()) + " parameters");
  training_ = false;
  theta += delta.cast<float>();
  weights_changed();
  return Status::Ok();
}

void AppState::refresh_input() {
  if (input_version_ == weights_version_ || !has_data_) return;
  input_probs_ = trainer_.predict_raw(input_);
  const Cache<float>& c = trainer_.net().cache();   // predict_raw just ran the forward pass
  const int L = trainer_.net().arch().layers();
  input_acts_.clear();
  for (int l = 1; l < L; ++l) input_acts_.push_back(c.a[static_cast<std::size_t>(l)].col(0));
  input_version_ = weights_version_;
}

const VecF& AppState::input_probabilities() {
  refresh_input();
  return input_probs_;
}

const std::vector<VecF>& AppState::input_activations() {
  refresh_input();
  return input_acts_;
}

void AppState::refresh_test() {
  if (test_version_ == weights_version_ || !has_data_) return;
  test_pred_ = trainer_.predict(Subset::Test);
  test_cm_ = confusion_matrix(test_pred_, trainer_.y(Subset::Test), kClasses);
  test_version_ = weights_version_;
}

const ConfusionMatrix& AppState::test_confusion() {
  refresh_test();
  return test_cm_;
}

const std::vector<int>& AppState::test_predictions() {
  refresh_test();
  return test_pred_;
}

}  // namespace bpl
