// The app's experiments (src/app): the kNN job in slices equals scikit-learn, the network-vs-kNN
// comparison, the Decision map's grid (against an independent computation) and its caching, and
// the bias/variance sweep trained in sessions of the AppState.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "app/app_state.hpp"
#include "core/clock.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"

using namespace bpl;

namespace {

// Runs the app's jobs with a zero budget (one small step per call) and the sessions' training
// with a small one until `done` holds.
template <class Pred>
int run_jobs_until(AppState& app, Pred done, int max_calls = 100000) {
  int calls = 0;
  while (!done() && calls < max_calls) {
    (void)app.run_jobs(0.0);
    if (app.any_training()) (void)app.train_for(1.0);
    ++calls;
  }
  return calls;
}

}  // namespace

TEST(KnnJob, SlicedRunEqualsScikitLearnAndReportsProgress) {
  AppState app;
  load_small_app(app, 30);
  KnnJob& job = app.experiments().knn;
  EXPECT_EQ(job.result(), nullptr);
  ASSERT_TRUE(job.start(app.data(), KnnCvOptions{}).ok());
  double last = 0;
  bool monotonic = true;
  const int calls = run_jobs_until(app, [&] {
    monotonic = monotonic && job.progress() >= last;
    last = job.progress();
    return !job.running();
  });
  EXPECT_TRUE(monotonic);
  EXPECT_GT(calls, 20) << "the job did not run in slices";
  ASSERT_NE(job.result(), nullptr);
  EXPECT_EQ(job.runs_completed(), 1u);
  const nlohmann::json fx = fixture_json("knn_sklearn.json");
  ASSERT_FALSE(fx.is_discarded());
  for (int k = 1; k <= 15; ++k) {
    const nlohmann::json& rk = fx["results"][static_cast<std::size_t>(k - 1)];
    EXPECT_DOUBLE_EQ(job.result()->mean_accuracy[static_cast<std::size_t>(k - 1)], rk["mean_accuracy"].get<double>());
    for (std::size_t f = 0; f < 4; ++f)
      EXPECT_EQ(job.result()->correct[f][static_cast<std::size_t>(k - 1)], rk["fold_correct"][f].get<int>());
  }
}

TEST(KnnJob, Divide16EqualsRawAndCancelKeepsTheLastResult) {
  AppState app;
  load_small_app(app, 30);
  KnnJob& job = app.experiments().knn;
  ASSERT_TRUE(job.start(app.data(), KnnCvOptions{}).ok());
  run_jobs_until(app, [&] { return !job.running(); });
  const std::vector<double> raw = job.result()->mean_accuracy;
  KnnCvOptions o;
  o.scaling = KnnScaling::Divide16;
  ASSERT_TRUE(job.start(app.data(), o).ok());
  run_jobs_until(app, [&] { return !job.running(); });
  EXPECT_EQ(job.result()->mean_accuracy, raw);
  EXPECT_EQ(job.result_options().scaling, KnnScaling::Divide16);

  o.shuffle = true;
  ASSERT_TRUE(job.start(app.data(), o).ok());
  (void)app.run_jobs(0.0);
  EXPECT_TRUE(job.running());
  job.cancel();
  EXPECT_FALSE(job.running());
  EXPECT_EQ(job.runs_completed(), 2u);
  EXPECT_EQ(job.result_options().scaling, KnnScaling::Divide16);   // the last completed run
  o.folds = 1;
  EXPECT_FALSE(job.start(app.data(), o).ok());
  EXPECT_FALSE(job.running());
}

TEST(KnnJob, ComparisonMeasuresBothModelsOnTheTestSplit) {
  AppState app;
  load_small_app(app, 30);
  app.step(30);
  KnnJob& job = app.experiments().knn;
  ASSERT_TRUE(job.start_comparison(5).ok());
  run_jobs_until(app, [&] { return !job.comparing(); });
  const KnnComparison& c = job.comparison();
  ASSERT_TRUE(c.done);
  const int n_train = static_cast<int>(app.trainer().indices(Subset::Train).size());
  EXPECT_EQ(c.n_train, n_train);
  EXPECT_EQ(c.n_test, static_cast<int>(app.trainer().indices(Subset::Test).size()));
  EXPECT_EQ(c.knn_bytes, static_cast<std::size_t>(n_train) * (64 * sizeof(double) + sizeof(int)));
  EXPECT_EQ(c.net_bytes, static_cast<std::size_t>(app.trainer().net().theta().size()) * sizeof(float) + 1024u);
  EXPECT_GT(c.knn_accuracy, 0.95);   // kNN on the digits: about 98%
  // The network's figure is its real test accuracy with the current weights.
  const std::vector<int> pred = app.trainer().predict(Subset::Test);
  EXPECT_DOUBLE_EQ(c.net_accuracy, accuracy(pred, app.trainer().y(Subset::Test)));
  EXPECT_GT(c.knn_us, 0.0);
  EXPECT_GT(c.net_us, 0.0);
  EXPECT_GT(c.knn_us, c.net_us);     // comparing with 1,078 images costs more than one small forward pass
}

TEST(DecisionMap, GridIsTheNetworksAnswerOnThePlaneAndFollowsTheWeights) {
  AppState app;
  load_small_app(app, 30);
  app.step(10);
  DecisionMap& map = app.experiments().map;
  ASSERT_TRUE(map.prepare(app.data()).ok());
  EXPECT_NEAR(map.pca().explained_variance_ratio[0], 0.14890593584063877, 1e-9);
  EXPECT_EQ(map.points().cols(), 1797);
  EXPECT_FALSE(map.has_grid());
  EXPECT_FALSE(map.run_for(app.trainer(), app.weights_version(), 1000.0, 0.0)) << "computed unasked";

  map.request(1000.0);
  double t = 1000.0;
  while (!map.has_grid()) ASSERT_TRUE(map.run_for(app.trainer(), app.weights_version(), t += 1, 0.0));
  EXPECT_EQ(map.grid_weights_version(), app.weights_version());
  EXPECT_EQ(map.grids_completed(), 1);

  // Independent check of a few cells: x = mean + u pc1 + v pc2 (pixels / 16) -> predict_raw(16 x).
  const int G = DecisionMap::kGrid;
  for (int cell : {0, G - 1, G * G / 2 + 7, G * G - 1}) {
    const int i = cell % G, j = cell / G;
    const double u = map.u_min() + (i + 0.5) * (map.u_max() - map.u_min()) / G;
    const double v = map.v_min() + (j + 0.5) * (map.v_max() - map.v_min()) / G;
    const VecD x = 16.0 * (map.pca().mean + u * map.pca().components.row(0).transpose() +
                           v * map.pca().components.row(1).transpose());
    const VecF p = app.trainer().predict_raw(x);
    Index best = 0;
    p.maxCoeff(&best);
    EXPECT_EQ(map.grid_class()[static_cast<std::size_t>(cell)], best) << "cell " << cell;
    EXPECT_NEAR(map.grid_confidence()[static_cast<std::size_t>(cell)], p[best], 1e-5f) << "cell " << cell;
  }
  // The test images' predictions, by dataset index; -1 elsewhere.
  const std::vector<int> pred = app.trainer().predict(Subset::Test);
  const std::vector<int>& test = app.trainer().indices(Subset::Test);
  for (std::size_t k = 0; k < test.size(); k += 37)
    EXPECT_EQ(map.test_prediction()[static_cast<std::size_t>(test[k])], pred[k]);
  EXPECT_EQ(map.test_prediction()[static_cast<std::size_t>(app.trainer().indices(Subset::Train)[0])], -1);

  // Same weights: nothing to do. New weights: not before the interval, then a new grid.
  map.request(t);
  EXPECT_FALSE(map.run_for(app.trainer(), app.weights_version(), t + 1000, 0.0));
  app.step(1);
  map.request(t);
  EXPECT_FALSE(map.run_for(app.trainer(), app.weights_version(), t + 1, 0.0)) << "started within the interval";
  t += DecisionMap::kMinIntervalMs + 10;
  map.request(t);
  while (map.grids_completed() < 2) ASSERT_TRUE(map.run_for(app.trainer(), app.weights_version(), t += 1, 0.0));
  EXPECT_EQ(map.grid_weights_version(), app.weights_version());
}

TEST(Sweep, LambdaPointsAreRealRunsInSessionsOfTheirOwn) {
  AppState app;
  load_small_app(app, 30);
  Sweep& sweep = app.experiments().sweep;
  const SweepOptions o{SweepKind::Lambda, {0.0, 100.0}, /*iterations=*/15};
  ASSERT_TRUE(sweep.start(app, o).ok());
  const std::size_t sessions_before = app.session_ids().size();
  bool saw_session = false;
  run_jobs_until(app, [&] {
    saw_session = saw_session || (sweep.session() >= 0 && app.session(sweep.session()) != nullptr &&
                                  app.session(sweep.session())->trainer.config().lambda == o.values[static_cast<std::size_t>(sweep.current())]);
    return !sweep.running();
  });
  EXPECT_TRUE(saw_session);
  EXPECT_EQ(app.session_ids().size(), sessions_before) << "a finished point's session was not removed";
  ASSERT_EQ(sweep.points().size(), 2u);
  for (const SweepPoint& p : sweep.points()) {
    EXPECT_TRUE(p.done);
    EXPECT_EQ(p.iterations, 15);
  }
  // A run reproduced by hand gives the same numbers.
  Trainer t;
  TrainConfig c = app.config();
  c.lambda = 100.0;
  c.max_iterations = 15;
  c.early_stopping = false;
  ASSERT_TRUE(t.setup(app.data(), c).ok());
  while (t.step()) {
  }
  EXPECT_DOUBLE_EQ(sweep.points()[1].validation_accuracy, t.history().back().validation.accuracy);
  // Strong weight decay underfits: the training accuracy drops.
  EXPECT_GT(sweep.points()[0].train_accuracy, sweep.points()[1].train_accuracy);
}

TEST(Sweep, LearningCurveKeepsTheValidationSetAndCancelRemovesTheSession) {
  AppState app;
  load_small_app(app, 30);
  Sweep& sweep = app.experiments().sweep;
  const SweepOptions o{SweepKind::TrainSize, {0.1, 1.0}, /*iterations=*/10};
  ASSERT_TRUE(sweep.start(app, o).ok());
  const int n_train = static_cast<int>(app.trainer().indices(Subset::Train).size());
  EXPECT_EQ(sweep.points()[0].train_size, static_cast<int>(std::round(0.1 * n_train)));
  (void)app.run_jobs(0.0);   // starts the first point's session
  ASSERT_GE(sweep.session(), 0);
  const Session* s = app.session(sweep.session());
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(static_cast<int>(s->trainer.indices(Subset::Train).size()), sweep.points()[0].train_size);
  EXPECT_EQ(s->trainer.indices(Subset::Validation), app.trainer().indices(Subset::Validation));
  const SessionId id = sweep.session();
  sweep.cancel(app);
  EXPECT_FALSE(sweep.running());
  EXPECT_EQ(app.session(id), nullptr);

  SweepOptions bad = o;
  bad.values = {0.0};
  EXPECT_FALSE(sweep.start(app, bad).ok());
  bad.kind = SweepKind::Lambda;
  bad.values = {-1.0};
  EXPECT_FALSE(sweep.start(app, bad).ok());
}
