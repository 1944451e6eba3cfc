#include "app/app_state.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <iomanip>
#include <sstream>

#include "train/model_io.hpp"

namespace bpl {

namespace {
double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TrainConfig default_app_config() {
  // The app opens with the preset chosen for reading drawn digits (src/train/presets.cpp); the
  // notebook's 64-25-10 network is the "notebook" preset, one click away in the Network panel.
  return default_preset().config;
}

Reading read_outputs(const VecF& outputs) {
  Reading r;
  if (outputs.size() != kClasses) return r;
  double sum = 0;
  for (int k = 0; k < kClasses; ++k) sum += std::max(0.0f, outputs[k]);
  if (!(sum > 0) || !std::isfinite(sum)) return r;
  int order[kClasses];
  for (int k = 0; k < kClasses; ++k) order[k] = k;
  std::stable_sort(order, order + kClasses, [&](int a, int b) { return outputs[a] > outputs[b]; });
  for (int i = 0; i < 3; ++i) {
    r.candidates[i] = order[i];
    r.candidate_p[i] = static_cast<float>(std::max(0.0f, outputs[order[i]]) / sum);
  }
  r.digit = order[0];
  r.confidence = r.candidate_p[0];
  r.unsure = r.confidence < kUnsureBelow;
  return r;
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
  ++data_version_;
  preset_ = matching_preset(cfg);
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
  preset_ = matching_preset(cfg);
  if (last_error_.rfind("Training diverged", 0) == 0) last_error_.clear();   // acted upon
  if (source_ == InputSource::Dataset && selected_ >= trainer_.data().size()) clear_input();
  weights_changed();
  return Status::Ok();
}

Status AppState::apply_preset(std::string_view id) {
  const Preset* p = find_preset(id);
  if (!p) return Status::Error("unknown preset '" + std::string(id) + "' (presets: " + preset_id_list() + ")");
  return set_config(p->config);
}

VecD AppState::training_image(int sample) const {
  const std::vector<int>& tr = trainer_.indices(Subset::Train);
  if (!has_data_ || tr.empty()) return VecD::Zero(kPixels);
  const int n = static_cast<int>(tr.size());
  const int i = ((sample % n) + n) % n;
  return trainer_.data().X.col(tr[static_cast<std::size_t>(i)]);
}

const std::vector<VecD>& AppState::augment_preview(const AugmentConfig& aug, int sample, int n) {
  if (preview_data_ == data_version_ && preview_sample_ == sample && preview_n_ == n && preview_aug_ == aug)
    return preview_;
  preview_aug_ = aug;
  preview_sample_ = sample;
  preview_n_ = n;
  preview_data_ = data_version_;
  preview_ = aug.validate().ok() ? distorted_copies(training_image(sample), aug, n, aug.seed) : std::vector<VecD>();
  return preview_;
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
  note_divergence();
  return steps;
}

bool AppState::busy() const {
  // Every background job's "still running" belongs here (the idle page stops drawing otherwise).
  return training_ || gradcheck_.running() || backprop_.playing();
}

void AppState::note_divergence() {
  if (has_data_ && trainer_.stop_reason() == StopReason::Diverged && trainer_.divergence().happened)
    last_error_ = trainer_.divergence_message();
}

std::string AppState::export_model() const {
  return save_model(trainer_.net(), trainer_.scaler(), trainer_.config());
}

namespace {
// Binary data (images, archives, executables) in the first few KB: control bytes other than
// tab/newline/carriage return, or a NUL.
bool looks_binary(std::string_view text) {
  const std::size_t n = std::min<std::size_t>(text.size(), 4096);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}
}  // namespace

Status AppState::import_model(std::string_view text) {
  Status s = [&]() -> Status {
    if (!has_data_) return Status::Error("the digits are not loaded yet");
    if (text.empty()) return Status::Error("the file is empty (a model file is JSON text saved by Export model)");
    if (text.size() > kMaxModelBytes)
      return Status::Error("the file is too large for a model (" + std::to_string(text.size() >> 20) +
                           " MB; at most " + std::to_string(kMaxModelBytes >> 20) + " MB)");
    if (looks_binary(text))
      return Status::Error("not a model file: it contains binary data (model files are JSON text saved by Export model)");
    Result<LoadedModel> m = load_model(text);
    if (!m.ok()) return m.status;
    // Try it on a scratch trainer first: the size limit, and a cost that is finite on the
    // digits. Only then touch the real one.
    Trainer trial;
    Status t = trial.setup(trainer_.data(), m.value.config);
    if (t.ok()) t = trial.adopt(m.value.config, m.value.scaler, m.value.theta);
    if (!t.ok()) return Status::Error("this model cannot be used here: " + t.message());
    if (trial.stopped()) return Status::Error("this model's weights give a non-finite cost on the digits");
    training_ = false;
    t = trainer_.adopt(m.value.config, m.value.scaler, m.value.theta);
    if (!t.ok()) return t;   // cannot happen: the same call succeeded on the trial
    last_notice_ = "Imported model " + m.value.arch.describe();
    return Status::Ok();
  }();
  if (!s.ok()) {
    last_error_ = "Import model: " + s.message();
    return s;
  }
  last_error_.clear();
  steps_per_second_ = 0;
  if (source_ == InputSource::Dataset && selected_ >= trainer_.data().size()) clear_input();
  weights_changed();
  return Status::Ok();
}

WorkEstimate AppState::estimate(const TrainConfig& cfg) const {
  return estimate_work(cfg, has_data_ ? trainer_.data().size() : 1797);
}

void AppState::step(int n) {
  if (!has_data_) return;
  continue_if_stopped();
  for (int i = 0; i < n; ++i)
    if (!trainer_.step()) break;
  weights_changed();
  note_divergence();
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

Status AppState::start_gradcheck(const GradcheckRequest& req) {
  if (!has_data_) return Status::Error("the digits are not loaded yet");
  return gradcheck_.start(trainer_, weights_version_, req);
}

}  // namespace bpl
