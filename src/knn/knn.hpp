// k-nearest-neighbour classification with Euclidean distance, and k-fold cross-validation.
//
// Shapes follow core/types.hpp: samples are COLUMNS. A training set is (d x n), a query batch
// is (d x m); for the digits d = 64 and the raw pixels 0..16 are used unscaled.
//
// Distances. The squared distances between all training and query columns come from one
// matrix product:  D(j,i) = ||t_j||^2 + ||q_i||^2 - 2 t_j.q_i,  i.e.
//   D = t2 1^T + 1 q2^T - 2 T^T Q   (n x m),  t2 = squared column norms of T (n), q2 of Q (m).
// For integral data (the digits) every term is an integer far below 2^53, so D is exact and
// equal distances compare equal. The selection uses squared distances; reported distances are
// sqrt(max(D, 0)) (the clamp only matters for non-integral data, where D may round below 0).
//
// Tie-breaking (deterministic, documented so results can be compared with scikit-learn):
//  * Distance ties: neighbours are ranked by (squared distance, training column index), so of
//    several training points tied at the k-th distance the ones with the LOWER index are taken.
//    The neighbours for k are therefore the first k of the list for any larger k, which is what
//    lets cross-validation score every k = 1..k_max from one sorted list per query.
//  * Vote ties (weights uniform): the SMALLEST label among the most frequent labels wins.
//    This is what scikit-learn 1.2 KNeighborsClassifier.predict does (scipy.stats.mode over the
//    neighbour labels returns the smallest of the tied modes).
//  * Comparison with scikit-learn 1.2 (brute force, which it picks for 64 features): its search
//    keeps a max-heap of k candidates and drops a candidate whose distance is >= the heap's
//    maximum, so at a k-th distance tie it does NOT simply keep the lower indices, and with
//    several OpenMP threads the survivors also depend on the thread count. On the digits with
//    4-fold KFold, k = 1..15 and one thread, 157 of the 26955 neighbour sets differ from ours
//    but not one prediction does (tests/unit/test_knn.cpp checks this against the fixture
//    written by scripts/gen_knn_fixture.py, which pins one thread). With two threads sklearn
//    changes 2 predictions, both at genuine k-th distance ties (samples 1611 at k=3 and 765 at
//    k=8); the second costs it one correct answer (second fold, k=8).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"

namespace bpl {

constexpr int kKnnDefaultKMax = 15;

struct Neighbor {
  int index = -1;         // column of the training matrix
  double distance = 0.0;  // Euclidean distance (not squared)
};

// Single-k classification.
struct KnnConfig {
  int k = 5;  // neighbours that vote (scikit-learn's default n_neighbors)
  // 1 <= k <= n_train.
  Status validate(Index n_train) const;
};

enum class FoldScheme {
  Contiguous,          // like sklearn KFold(shuffle=False): consecutive blocks in data order;
                       // the first n % folds folds hold one extra sample
  StratifiedShuffled,  // seeded: every fold gets floor or ceil of (class count / folds) of each class
};
const char* to_string(FoldScheme s);
bool parse_fold_scheme(std::string_view s, FoldScheme* out);  // "contiguous" | "stratified"

struct KnnCvConfig {
  int k_max = kKnnDefaultKMax;                  // score every k = 1..k_max
  int folds = 4;                                // number of folds
  FoldScheme scheme = FoldScheme::Contiguous;
  std::uint64_t seed = 42;                      // StratifiedShuffled only (SplitMix64 permutation)
  bool keep_predictions = true;                 // fill KnnCvResult::predictions
  // Standardize each pixel with the mean and (population) standard deviation of the fold's
  // TRAINING samples (std 0 -> 1), applied to its training and test samples: scikit-learn's
  // make_pipeline(StandardScaler(), KNeighborsClassifier(k)) under cross_val_score.
  bool standardize = false;
  // 2 <= folds <= n, and 1 <= k_max <= the smallest training set (n minus the largest fold).
  Status validate(Index n) const;
};

struct KnnCvResult {
  int k_max = 0;
  std::vector<std::vector<int>> folds;             // [fold] test sample indices, ascending
  std::vector<std::vector<int>> correct;           // [fold][k-1] correctly classified test samples
  std::vector<std::vector<double>> fold_accuracy;  // [fold][k-1] correct / fold size
  std::vector<double> mean_accuracy;               // [k-1] mean of fold_accuracy over folds (as sklearn's cross_val_score)
  // [fold][k-1][i] predicted label of sample folds[fold][i]; empty unless keep_predictions.
  std::vector<std::vector<std::vector<int>>> predictions;
  // Smallest k with the highest mean accuracy (0 if empty).
  int best_k() const;
};

// The k nearest training columns of `query` (d), closest first, ties by lower index.
// X_train: (d x n). Errors: empty training set, dimension mismatch, non-finite values, bad k.
Result<std::vector<Neighbor>> nearest(const Eigen::Ref<const MatD>& X_train,
                                      const Eigen::Ref<const VecD>& query, int k);

// Majority vote of the cfg.k nearest neighbours for every query column.
// X_train: (d x n), y_train: n labels in 0..65535, X_query: (d x m). Returns m labels.
Result<std::vector<int>> knn_predict(const Eigen::Ref<const MatD>& X_train, const std::vector<int>& y_train,
                                     const Eigen::Ref<const MatD>& X_query, const KnnConfig& cfg);

// Predictions for every k = 1..k_max at once: result[k-1][j] is the label for query column j.
// Cost: one (n x m) distance matrix, then one bounded insertion pass of k_max per query.
Result<std::vector<std::vector<int>>> knn_predict_all_k(const Eigen::Ref<const MatD>& X_train,
                                                        const std::vector<int>& y_train,
                                                        const Eigen::Ref<const MatD>& X_query, int k_max);

// Test-index lists of the folds (each ascending; together a partition of 0..n-1, n = y.size()).
// y is only read by StratifiedShuffled. Errors: folds outside 2..n.
Result<std::vector<std::vector<int>>> make_folds(const std::vector<int>& y, int folds, FoldScheme scheme,
                                                 std::uint64_t seed);

// k-fold cross-validation of the kNN classifier for k = 1..cfg.k_max. For every fold the training
// set is the other samples in ascending index order. X: (d x n), y: n labels in 0..65535.
// (Runs a KnnCvRun to the end.)
Result<KnnCvResult> knn_cross_validate(const Eigen::Ref<const MatD>& X, const std::vector<int>& y,
                                       const KnnCvConfig& cfg);

// The same cross-validation in slices, for callers that must not block (the browser's frame
// loop): start() checks the input and makes the folds, each step() classifies at most
// `max_queries` test samples of the current fold (blocks of queries give exactly the same
// predictions as one pass: each query's neighbours depend only on it and the training set).
//   KnnCvRun run;  if (Status s = run.start(X, y, cfg); !s) ...;
//   while (!run.done()) run.step(64);            // e.g. a few per frame
//   const KnnCvResult& r = run.result();
class KnnCvRun {
 public:
  // Copies X (d x n) and y. Errors as knn_cross_validate; on error the run is empty and done().
  Status start(const Eigen::Ref<const MatD>& X, const std::vector<int>& y, const KnnCvConfig& cfg);
  // Classifies up to max_queries (>= 1) more test samples; returns done().
  bool step(Index max_queries);
  bool done() const { return fold_ >= folds_total(); }
  // Test samples classified so far / all samples (0..1).
  double progress() const;
  // Complete once done(); while running, the folds not reached yet hold zeros.
  const KnnCvResult& result() const { return r_; }

 private:
  int folds_total() const { return static_cast<int>(r_.folds.size()); }
  void begin_fold();
  void finish();

  KnnCvConfig cfg_;
  MatD X_;
  std::vector<int> y_;
  KnnCvResult r_;
  int fold_ = 0;           // current fold
  Index next_ = 0;         // next test sample of the current fold
  Index classified_ = 0;   // over all folds
  bool fold_ready_ = false;
  MatD X_train_, X_test_;  // the current fold, scaled when cfg_.standardize
  std::vector<int> y_train_;
};

}  // namespace bpl
