// The app's gradient-check job (src/app/gradcheck_job.hpp): time slices, progress, cancel,
// the snapshot of the weights, the JSON window.lab.gradcheck speaks.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/app_state.hpp"
#include "app/gradcheck_job.hpp"
#include "data/dataset.hpp"
#include "digits_fixture.hpp"

namespace bpl {
namespace {

using nlohmann::json;

// An AppState with the digits loaded and the notebook's network (64-25-10 sigmoid).
AppState& loaded_app() {
  static AppState* app = [] {
    auto* a = new AppState;
    const Status s = a->load_data_csv(digits_csv());
    EXPECT_TRUE(s.ok()) << s.message();
    // The checks below are about the notebook's network (the app's default is the reader preset).
    const Status n = a->apply_preset("notebook");
    EXPECT_TRUE(n.ok()) << n.message();
    return a;
  }();
  return *app;
}

// Starts a default check of the network with `mistake` and runs it to the end in large slices.
void check_to_the_end(AppState& app, NotebookMistake mistake) {
  GradcheckRequest q;
  q.mistake = mistake;
  const Status started = app.start_gradcheck(q);
  ASSERT_TRUE(started.ok()) << started.message();
  while (app.gradcheck().running()) app.run_jobs(5.0);
}

TEST(GradcheckJob, RunsInSlicesWithProgressAndFinishes) {
  AppState& app = loaded_app();
  ASSERT_EQ(app.config().arch.describe(), "64-25-10 sigmoid, sigmoid outputs");
  GradcheckRequest q;
  q.samples = 30;
  const Status started = app.start_gradcheck(q);
  ASSERT_TRUE(started.ok()) << started.message();
  const GradcheckJob& job = app.gradcheck();
  EXPECT_EQ(job.state(), JobState::Running);
  EXPECT_EQ(job.batch_size(), kGradcheckBatch);
  EXPECT_EQ(job.m_reg(), static_cast<Index>(app.trainer().indices(Subset::Train).size()));
  EXPECT_EQ(job.lambda(), app.config().lambda);
  EXPECT_EQ(job.progress(), 0.0);
  app.run_jobs(0.0);   // a zero budget still checks one parameter: progress is never stuck
  EXPECT_EQ(job.run().checked(), 1u);
  EXPECT_NEAR(job.progress(), 1.0 / 30.0, 1e-12);
  int slices = 1;
  while (job.running() && slices < 1000) {
    app.run_jobs(0.0);
    ++slices;
  }
  EXPECT_EQ(slices, 30);
  EXPECT_EQ(job.state(), JobState::Done);
  EXPECT_TRUE(job.run().pass());
  app.run_jobs(5.0);   // nothing left to do
  EXPECT_EQ(job.run().checked(), 30u);
}

TEST(GradcheckJob, CancelStopsAndANewStartReplaces) {
  AppState& app = loaded_app();
  GradcheckRequest q;
  q.layer = 1;   // every parameter of layer 1: 1625
  ASSERT_TRUE(app.start_gradcheck(q).ok());
  const unsigned long long id = app.gradcheck().id();
  app.run_jobs(0.0);
  app.gradcheck().cancel();
  EXPECT_EQ(app.gradcheck().state(), JobState::Cancelled);
  app.run_jobs(50.0);
  EXPECT_EQ(app.gradcheck().run().checked(), 1u);   // cancelled: no more work
  q.layer = 2;
  q.mistake = NotebookMistake::SameOffset;
  ASSERT_TRUE(app.start_gradcheck(q).ok());
  EXPECT_EQ(app.gradcheck().id(), id + 1);
  EXPECT_EQ(app.gradcheck().run().total(), 260u);
  while (app.gradcheck().running()) app.run_jobs(5.0);
  EXPECT_FALSE(app.gradcheck().run().pass());
  EXPECT_EQ(app.gradcheck().failing_layers(), std::vector<int>{2});
}

TEST(GradcheckJob, ChecksASnapshotOfTheWeights) {
  AppState& app = loaded_app();
  GradcheckRequest q;
  q.samples = 40;
  ASSERT_TRUE(app.start_gradcheck(q).ok());
  const unsigned long long version = app.weights_version();
  EXPECT_EQ(app.gradcheck().weights_version(), version);
  app.run_jobs(0.0);
  app.step(3);   // training moves the live weights mid-check
  EXPECT_NE(app.weights_version(), version);
  while (app.gradcheck().running()) app.run_jobs(5.0);
  EXPECT_TRUE(app.gradcheck().run().pass());   // one consistent set of weights throughout
  EXPECT_EQ(app.gradcheck().weights_version(), version);
}

TEST(GradcheckJob, WorstFirstAndFailingLayers) {
  AppState& app = loaded_app();
  ASSERT_NO_FATAL_FAILURE(check_to_the_end(app, NotebookMistake::SigmoidPrimeOfA));
  const GradcheckJob& job = app.gradcheck();
  EXPECT_EQ(job.failing_layers(), std::vector<int>{1});
  const std::vector<int> order = job.worst_first();
  ASSERT_EQ(order.size(), job.run().results().size());
  for (std::size_t k = 1; k < order.size(); ++k)
    EXPECT_GE(job.run().results()[static_cast<std::size_t>(order[k - 1])].rel_error,
              job.run().results()[static_cast<std::size_t>(order[k])].rel_error);
  const json j = json::parse(gradcheck_json(job));
  EXPECT_EQ(j["state"], "done");
  EXPECT_EQ(j["mistake"], "sigmoid_prime_of_a");
  EXPECT_EQ(j["pass"], false);
  EXPECT_EQ(j["worst_layer"], 1);
  EXPECT_EQ(j["per_layer"].size(), 2u);
  EXPECT_EQ(j["per_layer"][1]["pass"], true);
  EXPECT_EQ(j["per_layer"][0]["pass"], false);
  EXPECT_EQ(j["worst_parameters"].size(), 10u);
  EXPECT_EQ(j["checked"], kGradcheckDefaultSamples);
  EXPECT_DOUBLE_EQ(j["threshold"].get<double>(), kGradCheckThreshold);
  EXPECT_GE(j["max_relative_error"].get<double>(), kGradCheckThreshold);
}

TEST(GradcheckJob, LogInitChecksTheBrokenInitsWeightsAndReportsTheRanges) {
  AppState& app = loaded_app();
  ASSERT_NO_FATAL_FAILURE(check_to_the_end(app, NotebookMistake::LogInit));
  const json j = json::parse(gradcheck_json(app.gradcheck()));
  EXPECT_EQ(j["pass"], true);
  EXPECT_NEAR(j["init_range"]["variant"][0].get<double>(), std::log(6.0) / std::log(89.0), 1e-12);
  EXPECT_NEAR(j["init_range"]["engine"][0].get<double>(), std::sqrt(6.0 / 89.0), 1e-12);
}

TEST(GradcheckJob, RequestsFromJson) {
  Architecture A;   // 64-25-10
  Result<GradcheckRequest> r = gradcheck_request_from_json(
      R"({"mistake": "log10", "samples": 50, "epsilon": 1e-6, "lambda": false, "seed": 3})", A);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.value.mistake, NotebookMistake::Log10);
  EXPECT_EQ(r.value.samples, 50);
  EXPECT_EQ(r.value.epsilon, 1e-6);
  EXPECT_FALSE(r.value.lambda_on);
  EXPECT_EQ(r.value.seed, 3u);
  r = gradcheck_request_from_json("{}", A);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.mistake, NotebookMistake::None);
  EXPECT_EQ(r.value.samples, kGradcheckDefaultSamples);
  EXPECT_EQ(r.value.epsilon, kGradCheckDefaultEpsilon);
  EXPECT_TRUE(gradcheck_request_from_json("null", A).ok());
  EXPECT_EQ(gradcheck_request_from_json(R"({"layer": 2})", A).value.layer, 2);

  struct Bad {
    const char* text;
    const char* says;
  };
  for (const Bad& b : {Bad{R"({"mistake": "log2"})", "mistake must be one of"},
                       Bad{R"({"mistake": 3})", "mistake must be one of"},
                       Bad{R"({"epsilon": 1})", "epsilon"},
                       Bad{R"({"epsilon": 1e-9})", "epsilon"},
                       Bad{R"({"epsilon": "1e-4"})", "epsilon"},
                       Bad{R"({"samples": 0})", "samples"},
                       Bad{R"({"samples": 2.5})", "samples"},
                       Bad{R"({"layer": 3})", "layer"},
                       Bad{R"({"layer": -1})", "layer"},
                       Bad{R"({"lambda": 1})", "lambda"},
                       Bad{R"({"seed": -4})", "seed"},
                       Bad{R"({"sample": 10})", "unknown gradcheck option 'sample'"},
                       Bad{"[1, 2]", "expects an object"},
                       Bad{"{mistake: 1", "expects an object"}}) {
    const Result<GradcheckRequest> e = gradcheck_request_from_json(b.text, A);
    EXPECT_FALSE(e.ok()) << b.text;
    EXPECT_NE(e.message().find(b.says), std::string::npos) << b.text << " -> " << e.message();
  }
}

TEST(GradcheckJob, BadStartChangesNothing) {
  AppState app;   // no data
  EXPECT_FALSE(app.start_gradcheck(GradcheckRequest()).ok());
  EXPECT_EQ(app.gradcheck().state(), JobState::Idle);
  AppState& loaded = loaded_app();
  GradcheckRequest q;
  q.samples = 10;
  ASSERT_TRUE(loaded.start_gradcheck(q).ok());
  while (loaded.gradcheck().running()) loaded.run_jobs(5.0);
  const unsigned long long id = loaded.gradcheck().id();
  q.epsilon = 0.5;
  EXPECT_FALSE(loaded.start_gradcheck(q).ok());
  EXPECT_EQ(loaded.gradcheck().id(), id);
  EXPECT_EQ(loaded.gradcheck().state(), JobState::Done);
  EXPECT_EQ(loaded.gradcheck().run().checked(), 10u);
  EXPECT_EQ(json::parse(gradcheck_json(app.gradcheck()))["state"], "idle");
}

}  // namespace
}  // namespace bpl
