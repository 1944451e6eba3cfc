#include "app/app_state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <iomanip>
#include <sstream>

#include "core/clock.hpp"
#include "knn/knn.hpp"

namespace bpl {

namespace {
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

AppState::AppState()
    : data_(std::make_shared<const Dataset>()), scheduler_(now_ms), test_accuracy_(kNaN) {
  sessions_.push_back(std::make_unique<Session>());
}

Status AppState::load_data_csv(std::string_view text) {
  Result<Dataset> d = parse_digits_csv(text);
  if (!d.ok()) {
    last_error_ = "digits data: " + d.message();
    return d.status;
  }
  auto data = std::make_shared<const Dataset>(std::move(d.value));
  const TrainConfig cfg = has_data_ ? config() : default_app_config();
  Status s = main().trainer.setup(data, cfg);
  if (!s.ok()) {
    last_error_ = s.message();
    return s;
  }
  // Experiments ran on the old data: they end with it.
  race_.clear(*this);
  while (sessions_.size() > 1) remove_session(sessions_.back()->id);
  data_ = std::move(data);
  has_data_ = true;
  ++split_version_;
  focus_.example = -1;
  ++focus_version_;
  clear_input();
  weights_changed(main());
  history_maybe_changed(main(), 0);
  return Status::Ok();
}

Status AppState::set_config(const TrainConfig& cfg) {
  if (!has_data_) {
    Status s = cfg.validate();
    return s.ok() ? Status::Error("no data loaded yet") : s;
  }
  const bool resplit = !trainer().prepared()->same_recipe(cfg);
  Status s = set_session_config(kMainSession, cfg);
  if (!s.ok()) return s;
  if (resplit) ++split_version_;
  validate_focus();
  return Status::Ok();
}

void AppState::continue_if_stopped(Session& ss) {
  if (!has_data_ || !ss.trainer.stopped()) return;
  // Train/Step after a stop continue past the limit rather than doing nothing.
  TrainConfig c = ss.trainer.config();
  c.max_iterations = std::min(100000, c.max_iterations + default_app_config().max_iterations);
  const Status s = ss.trainer.reconfigure(c);
  if (!s.ok()) last_error_ = s.message();   // cannot happen: only the limit changed
}

void AppState::set_training(bool on) { set_session_training(kMainSession, on); }

int AppState::train_for(double budget_ms) {
  if (!has_data_) return 0;
  std::vector<SessionId> running;
  for (const auto& s : sessions_)
    if (s->training) running.push_back(s->id);
  std::vector<int> steps(running.size(), 0);
  std::vector<std::size_t> points(running.size());
  for (std::size_t i = 0; i < running.size(); ++i) points[i] = session(running[i])->trainer.history().size();
  const Scheduler::Slice slice = scheduler_.run(budget_ms, running, [&](int id) {
    const std::size_t i = static_cast<std::size_t>(std::find(running.begin(), running.end(), id) - running.begin());
    ++steps[i];
    return session(id)->trainer.step();
  });
  for (int id : slice.finished) session(id)->training = false;
  for (std::size_t i = 0; i < running.size(); ++i) {
    Session& ss = *session(running[i]);
    if (slice.used_ms > 0) {
      const double rate = 1000.0 * steps[i] / slice.used_ms;
      ss.steps_per_second = ss.steps_per_second == 0 ? rate : 0.9 * ss.steps_per_second + 0.1 * rate;
    }
    if (steps[i] > 0 || !ss.training) weights_changed(ss);
    history_maybe_changed(ss, points[i]);
  }
  return slice.steps;
}

bool AppState::any_training() const {
  for (const auto& s : sessions_)
    if (s->training) return true;
  return false;
}

void AppState::step(int n) { step_session(kMainSession, n); }

void AppState::reset() { reset_session(kMainSession); }

std::shared_ptr<const PreparedData> AppState::shared_prepared(const TrainConfig& cfg) const {
  for (const auto& s : sessions_)
    if (s->trainer.prepared()->same_recipe(cfg)) return s->trainer.prepared();
  return nullptr;
}

Result<SessionId> AppState::add_session(const TrainConfig& cfg, std::string label) {
  if (!has_data_) return Status::Error("no data loaded yet");
  auto ss = std::make_unique<Session>();
  std::shared_ptr<const PreparedData> prep = shared_prepared(cfg);
  const Status s = prep ? ss->trainer.setup(std::move(prep), cfg) : ss->trainer.setup(data_, cfg);
  if (!s.ok()) return s;
  ss->id = next_id_++;
  ss->label = label.empty() ? cfg.optim.describe() : std::move(label);
  sessions_.push_back(std::move(ss));
  return sessions_.back()->id;
}

bool AppState::remove_session(SessionId id) {
  if (id == kMainSession) return false;
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
    if ((*it)->id == id) {
      sessions_.erase(it);
      scheduler_.forget(id);
      return true;
    }
  return false;
}

Session* AppState::session(SessionId id) {
  for (const auto& s : sessions_)
    if (s->id == id) return s.get();
  return nullptr;
}

const Session* AppState::session(SessionId id) const {
  for (const auto& s : sessions_)
    if (s->id == id) return s.get();
  return nullptr;
}

std::vector<SessionId> AppState::session_ids() const {
  std::vector<SessionId> ids;
  for (const auto& s : sessions_) ids.push_back(s->id);
  return ids;
}

Status AppState::set_session_config(SessionId id, const TrainConfig& cfg) {
  Session* ss = session(id);
  if (!ss) return Status::Error("no session " + std::to_string(id));
  if (!has_data_) return Status::Error("no data loaded yet");
  Status s = ss->trainer.reconfigure(cfg);
  if (!s.ok()) return s;
  if (id == kMainSession && source_ == InputSource::Dataset && selected_ >= data_->size()) clear_input();
  weights_changed(*ss);
  history_maybe_changed(*ss, 0);
  return Status::Ok();
}

void AppState::set_session_training(SessionId id, bool on) {
  Session* ss = session(id);
  if (!ss) return;
  if (on) continue_if_stopped(*ss);
  ss->training = on && has_data_;
  if (!ss->training) weights_changed(*ss);  // makes the main session's test accuracy known
}

void AppState::step_session(SessionId id, int n) {
  Session* ss = session(id);
  if (!ss || !has_data_) return;
  continue_if_stopped(*ss);
  const std::size_t before = ss->trainer.history().size();
  for (int i = 0; i < n; ++i)
    if (!ss->trainer.step()) break;
  weights_changed(*ss);
  history_maybe_changed(*ss, before);
}

void AppState::reset_session(SessionId id) {
  Session* ss = session(id);
  if (!ss || !has_data_) return;
  ss->trainer.reset();
  ss->steps_per_second = 0;
  weights_changed(*ss);
  history_maybe_changed(*ss, 0);
}

void AppState::weights_changed(Session& ss) {
  ++ss.weights_version;
  if (ss.id != kMainSession) return;
  test_accuracy_ = kNaN;
  if (has_data_ && (!ss.training || ss.trainer.stopped())) {
    const std::vector<int>& pred = test_predictions();
    test_accuracy_ = accuracy(pred, trainer().y(Subset::Test));
  }
}

// points_before == 0 means "may have been cleared": always bump.
void AppState::history_maybe_changed(Session& ss, std::size_t points_before) {
  if (points_before == 0 || ss.trainer.history().size() != points_before) ++ss.history_version;
}

void AppState::set_focus_unit(int layer, int unit) {
  focus_.layer = layer;
  focus_.unit = unit;
  validate_focus();
  ++focus_version_;
}

void AppState::clear_focus_unit() {
  focus_.layer = focus_.unit = -1;
  ++focus_version_;
}

void AppState::validate_focus() {
  const Architecture& A = trainer().net().arch();
  const bool ok = has_data_ && focus_.layer >= 1 && focus_.layer <= A.layers() && focus_.unit >= 0 &&
                  focus_.unit < A.units(focus_.layer);
  if (!ok && (focus_.layer != -1 || focus_.unit != -1)) {
    focus_.layer = focus_.unit = -1;
    ++focus_version_;
  }
}

std::string AppState::status_line() const {
  if (!has_data_) return "Loading the digits...";
  std::ostringstream s;
  const Trainer& t = trainer();
  const bool mb = is_minibatch(t.config().optim.kind);
  s.precision(3);
  if (training())
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
  if (!has_data_ || index < 0 || index >= data_->size()) return;
  source_ = InputSource::Dataset;
  selected_ = index;
  input_ = data_->X.col(index);
  input_version_ = 0;
  ++input_serial_;
  focus_.example = index;
  ++focus_version_;
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

void AppState::refresh_input() {
  if (input_version_ == weights_version() || !has_data_) return;
  input_probs_ = trainer().predict_raw(input_);
  const Cache<float>& c = trainer().net().cache();   // predict_raw just ran the forward pass
  const int L = trainer().net().arch().layers();
  input_acts_.clear();
  for (int l = 1; l < L; ++l) input_acts_.push_back(c.a[static_cast<std::size_t>(l)].col(0));
  input_version_ = weights_version();
}

const VecF& AppState::input_probabilities() {
  refresh_input();
  return input_probs_;
}

const std::vector<VecF>& AppState::input_activations() {
  refresh_input();
  return input_acts_;
}

const InputNeighbours& AppState::input_neighbours() {
  if (knn_split_ == split_version_ && knn_input_ == input_serial_) return neighbours_;
  const std::vector<int>& train = trainer().indices(Subset::Train);
  if (knn_split_ != split_version_) knn_train_ = gather_columns(data_->X, train);
  knn_split_ = split_version_;
  knn_input_ = input_serial_;
  neighbours_ = InputNeighbours();
  const int k = std::min<int>(InputNeighbours::kShown, static_cast<int>(knn_train_.cols()));
  if (!has_input() || k < 1) return neighbours_;
  Result<std::vector<Neighbor>> r = nearest(knn_train_, input_, k);
  if (!r.ok()) {
    neighbours_.error = r.message();
    return neighbours_;
  }
  int votes[kClasses] = {};
  for (std::size_t j = 0; j < r.value.size(); ++j) {
    const int i = train[static_cast<std::size_t>(r.value[j].index)];
    const int y = data_->y[static_cast<std::size_t>(i)];
    neighbours_.index.push_back(i);
    neighbours_.label.push_back(y);
    neighbours_.distance.push_back(r.value[j].distance);
    if (static_cast<int>(j) < InputNeighbours::kVote && y >= 0 && y < kClasses) ++votes[y];
  }
  neighbours_.vote = static_cast<int>(std::max_element(votes, votes + kClasses) - votes);
  neighbours_.votes = votes[neighbours_.vote];
  return neighbours_;
}

void AppState::refresh_test() {
  if (test_version_ == weights_version() || !has_data_) return;
  test_pred_ = trainer().predict(Subset::Test);
  test_cm_ = confusion_matrix(test_pred_, trainer().y(Subset::Test), kClasses);
  test_version_ = weights_version();
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
