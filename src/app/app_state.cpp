#include "app/app_state.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/clock.hpp"
#include "knn/knn.hpp"
#include "train/model_io.hpp"

namespace bpl {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TrainConfig default_app_config() {
  // The app opens with the preset chosen for reading drawn digits (src/train/presets.cpp); the
  // notebook's 64-25-10 network is the "notebook" preset, one click away in the Network panel.
  return default_preset().config;
}

AppState::AppState()
    : data_(std::make_shared<const Dataset>()), scheduler_(now_ms), test_accuracy_(kNaN) {
  sessions_.push_back(std::make_unique<Session>());
  // The jobs, in the order they run each frame. The budget is shared between the two groups
  // that have work, and within the experiments' group among its jobs with work (job_registry.hpp).
  constexpr int kCheckGroup = 0, kExperimentGroup = 1;
  jobs_.add(gradcheck_, kCheckGroup);
  jobs_.add(sweep_task_, kExperimentGroup);   // trains in sessions: bookkeeping only
  jobs_.add(knn_task_, kExperimentGroup);
  jobs_.add(map_task_, kExperimentGroup);
  jobs_.add(race_task_, kExperimentGroup);    // trains in sessions: counted by busy() only
}

Status AppState::load_data_csv(std::string_view text) {
  Result<Dataset> d = parse_digits(text);
  if (!d.ok()) {
    last_error_ = "digits data: " + d.message();
    return d.status;
  }
  auto data = std::make_shared<const Dataset>(std::move(d.value));
  const TrainConfig cfg = has_data_ ? config() : default_app_config();
  main().trainer.set_extra_training(my_digits_.images());
  Status s = main().trainer.setup(data, cfg);
  if (!s.ok()) {
    last_error_ = s.message();
    return s;
  }
  // Experiments ran on the old data: they end with it.
  race_.clear(*this);
  while (sessions_.size() > 1) remove_session(sessions_.back()->id);
  drop_set_aside();   // trained on the old data
  data_ = std::move(data);
  has_data_ = true;
  ++data_version_;
  preset_ = matching_preset(cfg);
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
  if (would_set_aside(cfg)) {
    Result<std::unique_ptr<Session>> fresh = fresh_main_session(cfg);
    if (!fresh.ok()) return fresh.status;
    swap_main_session(std::move(fresh.value));
  } else {
    Status s = set_session_config(kMainSession, cfg);
    if (!s.ok()) return s;
  }
  if (resplit) ++split_version_;
  preset_ = matching_preset(cfg);
  if (last_error_.rfind("Training diverged", 0) == 0) last_error_.clear();   // acted upon
  validate_focus();
  return Status::Ok();
}

bool AppState::would_set_aside(const TrainConfig& cfg) const {
  return main_trained() && trainer().reconfigure_reinitializes(cfg) && cfg.validate_for(data_->size()).ok();
}

std::unique_ptr<Session> AppState::blank_session() const {
  auto ss = std::make_unique<Session>();
  ss->trainer.set_extra_training(my_digits_.images());
  return ss;
}

Result<std::unique_ptr<Session>> AppState::fresh_main_session(const TrainConfig& cfg) const {
  std::unique_ptr<Session> ss = blank_session();
  ss->trainer.set_record_every_step(trainer().record_every_step());
  // As Trainer::reconfigure: the same prepared data (shared, or an imported model's scaling)
  // unless the split or scaling changes.
  const std::shared_ptr<const PreparedData>& prep = trainer().prepared();
  const Status s = prep->same_recipe(cfg) ? ss->trainer.setup(prep, cfg) : ss->trainer.setup(prep->data, cfg);
  if (!s.ok()) return s;
  return ss;
}

void AppState::swap_main_session(std::unique_ptr<Session> fresh) {
  Session& old = main();
  const HistoryPoint* last = old.trainer.history().empty() ? nullptr : &old.trainer.history().back();
  char what[64];
  const int it = old.trainer.iteration();
  std::snprintf(what, sizeof what, " after %d iteration%s", it, it == 1 ? "" : "s");
  aside_what_ = old.trainer.config().arch.describe() + what;
  if (last) {
    std::snprintf(what, sizeof what, ", %.1f%% validation", 100.0 * last->validation.accuracy);
    aside_what_ += what;
  }
  aside_preset_ = preset_;
  last_notice_ = "The trained network is kept: Undo brings it back.";
  fresh->id = old.id;
  fresh->label = old.label;
  fresh->training = old.training;
  // Versions go on counting: caches keyed on them must not mistake the new network for the old.
  fresh->weights_version = old.weights_version;
  fresh->history_version = old.history_version;
  old.training = false;
  aside_ = std::exchange(sessions_.front(), std::move(fresh));
  main().steps_per_second = 0;
  weights_changed(main());
  history_maybe_changed(main(), 0);
}

Status AppState::undo_set_aside() {
  if (!aside_) return Status::Error("there is no trained network to bring back");
  std::unique_ptr<Session> back = std::move(aside_);
  back->weights_version = main().weights_version;
  back->history_version = main().history_version;
  back->training = false;
  sessions_.front() = std::move(back);
  preset_ = aside_preset_;
  drop_set_aside();
  main().steps_per_second = 0;
  ++split_version_;   // its split and scaling may be other than the dropped one's
  if (source_ == InputSource::Dataset && selected_ >= data_->size()) clear_input();
  weights_changed(main());
  history_maybe_changed(main(), 0);
  validate_focus();
  return Status::Ok();
}

void AppState::drop_set_aside() {
  aside_.reset();
  aside_preset_.clear();
  aside_what_.clear();
}

Status AppState::apply_preset(std::string_view id) {
  const Preset* p = find_preset(id);
  if (!p) return Status::Error("unknown preset '" + std::string(id) + "' (presets: " + preset_id_list() + ")");
  return set_config(p->config);
}

VecD AppState::training_image(int sample) const {
  const std::vector<int>& tr = trainer().indices(Subset::Train);
  if (!has_data_ || tr.empty()) return VecD::Zero(kPixels);
  const int n = static_cast<int>(tr.size());
  const int i = ((sample % n) + n) % n;
  return trainer().data().X.col(tr[static_cast<std::size_t>(i)]);
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

const std::vector<VecD>& AppState::drawn_preview(std::uint64_t seed, int first, int n) {
  if (drawn_preview_first_ == first && drawn_preview_n_ == n && drawn_preview_seed_ == seed) return drawn_preview_;
  drawn_preview_seed_ = seed;
  drawn_preview_first_ = first;
  drawn_preview_n_ = n;
  drawn_preview_.clear();
  for (int i = 0; i < n; ++i) drawn_preview_.push_back(drawn_image(first + i, seed));
  return drawn_preview_;
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
  // Slow motion: the main session takes at most the steps its pacer allows now.
  const bool paced = speed_ > 0 && main().training;
  if (!main().training) pacer_.restart();
  const int allowance = paced ? pacer_.allowance(now_ms(), speed_) : -1;
  const Scheduler::Slice slice = scheduler_.run(budget_ms, running, [&](int id) {
    const std::size_t i = static_cast<std::size_t>(std::find(running.begin(), running.end(), id) - running.begin());
    ++steps[i];
    return session(id)->trainer.step();
  }, [&](int id) { return id == kMainSession ? allowance : -1; });
  if (paced && !running.empty() && running.front() == kMainSession) pacer_.spent(steps.front());
  for (int id : slice.finished) session(id)->training = false;
  for (std::size_t i = 0; i < running.size(); ++i) {
    Session& ss = *session(running[i]);
    if (slice.used_ms > 0) {
      const double rate = 1000.0 * steps[i] / slice.used_ms;
      ss.steps_per_second = ss.steps_per_second == 0 ? rate : 0.9 * ss.steps_per_second + 0.1 * rate;
    }
    if (steps[i] > 0)
      weights_changed(ss);
    else if (!ss.training)
      test_accuracy_maybe_known(ss);
    history_maybe_changed(ss, points[i]);
    note_divergence(ss);
  }
  return slice.steps;
}

void AppState::set_speed(int steps_per_second) {
  const int s = std::clamp(steps_per_second, 0, kMaxSpeed);
  if (s == speed_) return;
  speed_ = s;
  pacer_.restart();
}

void AppState::set_every_step_points(bool on) {
  main().trainer.set_record_every_step(on);
}

const UnitStats& AppState::unit_stats() {
  if (unit_stats_weights_ == weights_version() && unit_stats_split_ == split_version_) return unit_stats_;
  // While training the weights change every frame and this is a pass over the training split:
  // at most twice a second then (the Weights panel's dead-unit marks lag by that much).
  if (training() && unit_stats_split_ == split_version_ && now_ms() - unit_stats_ms_ < kUnitStatsEveryMs)
    return unit_stats_;
  unit_stats_ms_ = now_ms();
  unit_stats_weights_ = weights_version();
  unit_stats_split_ = split_version_;
  unit_stats_ = has_data_ ? compute_unit_stats(trainer().net().arch(), trainer().net().theta(), trainer().X(Subset::Train),
                                               trainer().y(Subset::Train))
                          : UnitStats();
  return unit_stats_;
}

bool AppState::busy() const {
  return any_training() || jobs_.busy() || backprop_.playing();
}

bool AppState::run_jobs(double budget_ms) {
  sync_lesson_setup(*this);   // a lesson that just started runs on the network it talks about
  return jobs_.run_for(budget_ms);
}

void AppState::note_divergence(const Session& ss) {
  if (ss.id == kMainSession && has_data_ && ss.trainer.stop_reason() == StopReason::Diverged &&
      ss.trainer.divergence().happened)
    last_error_ = ss.trainer.divergence_message();
}

std::string AppState::export_model() const {
  return save_model(trainer().net(), trainer().scaler(), trainer().config());
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
    // A new session first: the size limit, and a cost that is finite on the digits. Only then
    // does it replace the main one (a trained one is set aside: Undo brings it back).
    std::unique_ptr<Session> fresh = blank_session();
    fresh->trainer.set_record_every_step(trainer().record_every_step());
    Status t = fresh->trainer.setup(data_, m.value.config);
    if (t.ok()) t = fresh->trainer.adopt(m.value.config, m.value.scaler, m.value.theta);
    if (!t.ok()) return Status::Error("this model cannot be used here: " + t.message());
    if (fresh->trainer.stopped()) return Status::Error("this model's weights give a non-finite cost on the digits");
    main().training = false;
    const bool trained = main_trained();
    swap_main_session(std::move(fresh));
    if (!trained) drop_set_aside();
    last_notice_ = "Imported model " + m.value.arch.describe() +
                   (trained ? ". The trained network is kept: Undo brings it back." : "");
    return Status::Ok();
  }();
  if (!s.ok()) {
    last_error_ = "Import model: " + s.message();
    return s;
  }
  last_error_.clear();
  main().steps_per_second = 0;
  if (source_ == InputSource::Dataset && selected_ >= data_->size()) clear_input();
  ++split_version_;   // the imported scaling
  weights_changed(main());
  history_maybe_changed(main(), 0);
  validate_focus();
  preset_ = matching_preset(config());   // the imported config may be a preset's
  return Status::Ok();
}

WorkEstimate AppState::estimate(const TrainConfig& cfg) const {
  return estimate_work(cfg, has_data_ ? data_->size() : 1797);
}

bool AppState::any_training() const {
  for (const auto& s : sessions_)
    if (s->training) return true;
  return false;
}

void AppState::step(int n) { step_session(kMainSession, n); }

void AppState::reset() {
  if (!main_trained()) return reset_session(kMainSession);
  Result<std::unique_ptr<Session>> fresh = fresh_main_session(config());
  if (!fresh.ok()) return reset_session(kMainSession);   // cannot happen: the config is in use
  swap_main_session(std::move(fresh.value));
}

std::shared_ptr<const PreparedData> AppState::shared_prepared(const TrainConfig& cfg) const {
  for (const auto& s : sessions_)
    if (s->trainer.prepared()->shareable(cfg)) return s->trainer.prepared();
  return nullptr;
}

Result<SessionId> AppState::add_session(const TrainConfig& cfg, std::string label) {
  if (!has_data_) return Status::Error("no data loaded yet");
  std::unique_ptr<Session> ss = blank_session();
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
  // Pausing changes no weight (every step already bumped the version; a bump here would mark the
  // stepper's trace, the unit stats and the decision map stale for nothing).
  test_accuracy_maybe_known(*ss);
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
  note_divergence(*ss);
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
  test_accuracy_maybe_known(ss);
}

// The main session's test accuracy is shown only while it does not train (or has stopped).
void AppState::test_accuracy_maybe_known(Session& ss) {
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
  const Trainer& t = trainer();
  const bool mb = is_minibatch(t.config().optim.kind);
  std::string s;
  if (training())
    s = std::string("Training ") + to_string(t.config().optim.kind) + ": ";
  else if (t.stopped())
    s = std::string("Stopped (") + to_string(t.stop_reason()) + "): ";
  else
    s = "Paused: ";
  char b[64];
  if (mb)
    std::snprintf(b, sizeof b, "epoch %.1f", t.epoch());
  else
    std::snprintf(b, sizeof b, "iteration %d", t.iteration());
  s += b;
  if (!t.history().empty()) {
    std::snprintf(b, sizeof b, ", validation accuracy %.1f%%", 100.0 * t.history().back().validation.accuracy);
    s += b;
  }
  if (!std::isnan(test_accuracy_)) {
    std::snprintf(b, sizeof b, ", test accuracy %.1f%%", 100.0 * test_accuracy_);
    s += b;
  }
  return s;
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

void AppState::sketch_add_point(StrokePoint q) {
  if (sketch_.add_point(q)) use_sketch();
}

void AppState::sketch_undo_stroke() {
  if (sketch_.undo_stroke()) use_sketch();
}

void AppState::sketch_clear() {
  sketch_.clear();
  use_sketch();
}

const VecF& AppState::sketch_probabilities() {
  if (sketch_probs_weights_ != weights_version() || sketch_probs_version_ != sketch_.version()) {
    sketch_probs_ = predict_raw(sketch_.pixels());
    sketch_probs_weights_ = weights_version();
    sketch_probs_version_ = sketch_.version();
  }
  return sketch_probs_;
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
  VecF& theta = trainer().net().theta();
  if (delta.size() != theta.size())
    return Status::Error("the update has " + std::to_string(delta.size()) + " values; the network has " +
                         std::to_string(theta.size()) + " parameters");
  main().training = false;
  theta += delta.cast<float>();
  weights_changed(main());
  return Status::Ok();
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

const std::vector<int>& AppState::test_images(int truth, int guess) {
  const std::vector<int>& pred = test_predictions();
  if (test_images_version_ == weights_version() && test_images_truth_ == truth && test_images_guess_ == guess)
    return test_images_;
  const std::vector<int>& y = trainer().y(Subset::Test);
  test_images_.clear();
  for (std::size_t i = 0; i < y.size() && i < pred.size(); ++i) {
    if (truth >= 0 && y[i] != truth) continue;
    if (guess == kWrong ? pred[i] == y[i] : (guess >= 0 && pred[i] != guess)) continue;
    test_images_.push_back(static_cast<int>(i));
  }
  std::vector<double> key(y.size());   // by true digit, then by predicted digit
  for (std::size_t i = 0; i < y.size() && i < pred.size(); ++i) key[i] = y[i] * 16.0 + pred[i];
  stable_sort_by_key(test_images_, key);
  test_images_version_ = weights_version();
  test_images_truth_ = truth;
  test_images_guess_ = guess;
  return test_images_;
}

const VecF& AppState::image_probabilities(int index) {
  if (!has_data_ || index < 0 || index >= data_->size()) {
    image_probs_index_ = -1;
    image_probs_.resize(0);
    return image_probs_;
  }
  if (image_probs_index_ != index || image_probs_version_ != weights_version()) {
    image_probs_ = predict_raw(data_->X.col(index));
    image_probs_index_ = index;
    image_probs_version_ = weights_version();
  }
  return image_probs_;
}

Status AppState::start_gradcheck(const GradcheckRequest& req) {
  if (!has_data_) return Status::Error("the digits are not loaded yet");
  return gradcheck_.start(trainer(), weights_version(), req);
}

// ---- My digits

void AppState::my_digits_changed() {
  const std::shared_ptr<const DrawnImages> images = my_digits_.images();
  if (aside_) aside_->trainer.set_extra_training(images);
  for (const auto& ss : sessions_) {
    const bool fitted = ss->trainer.config().my_digits && has_data_;
    ss->trainer.set_extra_training(images);
    if (!fitted) continue;
    weights_changed(*ss);
    history_maybe_changed(*ss, 0);   // the history restarted at the same weights
  }
}

Status AppState::add_my_digit(int label, const std::vector<Stroke>& strokes) {
  const Status s = my_digits_.add(label, strokes);
  if (!s.ok()) {
    last_error_ = "My digits: " + s.message();
    return s;
  }
  my_digits_changed();
  last_notice_ = "Added a " + std::to_string(label) + " to My digits (" + std::to_string(my_digits_.size()) + ")";
  return s;
}

bool AppState::remove_my_digit(std::size_t i) {
  if (!my_digits_.remove(i)) return false;
  my_digits_changed();
  return true;
}

void AppState::clear_my_digits() {
  if (my_digits_.empty()) return;
  my_digits_.clear();
  my_digits_changed();
}

Status AppState::import_my_digits(std::string_view text) {
  Result<MyDigits::Merged> m = my_digits_.import_json(text);
  if (!m.ok()) {
    last_error_ = "Import my digits: " + m.message();
    return m.status;
  }
  if (m.value.added > 0) my_digits_changed();
  last_notice_ = "My digits: " + std::to_string(m.value.added) + " added, " + std::to_string(m.value.duplicates) +
                 " already there (" + std::to_string(my_digits_.size()) + " in all)";
  return Status::Ok();
}

Status AppState::set_train_with_my_digits(bool on) {
  TrainConfig cfg = config();
  cfg.my_digits = on;
  const Status s = set_config(cfg);
  if (!s.ok()) {
    last_error_ = s.message();
    return s;
  }
  if (on) set_training(true);
  return s;
}

}  // namespace bpl
