#include "knn/knn.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "core/gather.hpp"
#include "core/names.hpp"
#include "core/rng.hpp"

namespace bpl {

namespace {

using Eigen::Ref;

constexpr Index kQueryBlock = 512;  // query columns per distance block: bounds D to (n x 512)
constexpr int kMaxLabel = 65535;    // votes are counted in an array indexed by label

std::string str(long long v) { return std::to_string(v); }

Status check_matrix(const Ref<const MatD>& X, const char* what) {
  if (X.cols() == 0) return Status::Error(std::string("knn: ") + what + " is empty (no samples)");
  if (X.rows() == 0) return Status::Error(std::string("knn: ") + what + " has no features (0 rows)");
  if (!X.allFinite()) return Status::Error(std::string("knn: ") + what + " contains NaN or infinity");
  return Status::Ok();
}

Status check_labels(const std::vector<int>& y, Index n, const char* what) {
  if (static_cast<Index>(y.size()) != n)
    return Status::Error(std::string("knn: ") + what + " has " + str(static_cast<long long>(y.size())) +
                         " labels for " + str(n) + " samples");
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] < 0 || y[i] > kMaxLabel)
      return Status::Error(std::string("knn: label ") + str(y[i]) + " of sample " + str(static_cast<long long>(i)) +
                           " is outside 0.." + str(kMaxLabel));
  return Status::Ok();
}

Status check_query(const Ref<const MatD>& X_train, Index query_rows, bool query_finite) {
  if (query_rows != X_train.rows())
    return Status::Error("knn: query has " + str(query_rows) + " features but the training samples have " +
                         str(X_train.rows()));
  if (!query_finite) return Status::Error("knn: query contains NaN or infinity");
  return Status::Ok();
}

// The m nearest entries of one distance column d (n entries), ranked by (d[j], j), into idx[0..m).
// Bounded insertion: j rises, so an equal distance never displaces an earlier (lower) index.
void k_nearest(const double* d, Index n, int m, int* idx) {
  int size = 0;
  double worst = std::numeric_limits<double>::infinity();  // d of the m-th; inf until m are held
  for (Index j = 0; j < n; ++j) {
    const double dj = d[j];
    if (!(dj < worst)) continue;  // not closer than the current m-th
    if (size == m) --size;        // drop the m-th
    int p = size;
    while (p > 0 && d[idx[p - 1]] > dj) {
      idx[p] = idx[p - 1];
      --p;
    }
    idx[p] = static_cast<int>(j);
    ++size;
    if (size == m) worst = d[idx[m - 1]];
  }
}

// preds[k-1][col] for k = 1..k_max: the votes of the prefixes of one ranked neighbour list.
// Vote rule: most frequent label, ties -> smallest label. Adding one neighbour raises one count,
// so the leader after each k follows from the previous leader.
void vote_prefixes(const int* idx, int k_max, const std::vector<int>& y_train, std::vector<int>& counts,
                   std::vector<std::vector<int>>& preds, Index col) {
  int best = -1, best_count = 0;
  for (int k = 1; k <= k_max; ++k) {
    const int label = y_train[static_cast<std::size_t>(idx[k - 1])];
    const int c = ++counts[static_cast<std::size_t>(label)];
    if (c > best_count || (c == best_count && label < best)) {
      best = label;
      best_count = c;
    }
    preds[static_cast<std::size_t>(k - 1)][static_cast<std::size_t>(col)] = best;
  }
  for (int k = 0; k < k_max; ++k) counts[static_cast<std::size_t>(y_train[static_cast<std::size_t>(idx[k])])] = 0;
}

// Inputs already checked; 1 <= k_max <= n.
std::vector<std::vector<int>> predict_all_k(const Ref<const MatD>& T, const std::vector<int>& y_train,
                                            const Ref<const MatD>& Q, int k_max) {
  const Index n = T.cols(), m = Q.cols();
  std::vector<std::vector<int>> preds(static_cast<std::size_t>(k_max), std::vector<int>(static_cast<std::size_t>(m)));
  const int labels = *std::max_element(y_train.begin(), y_train.end()) + 1;
  std::vector<int> counts(static_cast<std::size_t>(labels), 0);
  std::vector<int> idx(static_cast<std::size_t>(k_max));

  const VecD t2 = T.colwise().squaredNorm().transpose();  // (n)
  MatD D;                                                  // (n x block) squared distances
  for (Index q0 = 0; q0 < m; q0 += kQueryBlock) {
    const Index b = std::min(kQueryBlock, m - q0);
    const RowVec<double> q2 = Q.middleCols(q0, b).colwise().squaredNorm();  // (1 x b)
    // D = t2 1^T + 1 q2^T - 2 T^T Q   (n x b)
    D.resize(n, b);
    D.noalias() = T.transpose() * Q.middleCols(q0, b);
    D *= -2.0;
    D.colwise() += t2;
    D.rowwise() += q2;
    for (Index c = 0; c < b; ++c) {
      k_nearest(D.col(c).data(), n, k_max, idx.data());
      vote_prefixes(idx.data(), k_max, y_train, counts, preds, q0 + c);
    }
  }
  return preds;
}


}  // namespace

// ------------------------------------------------------------------ parameters

Status KnnConfig::validate(Index n_train) const {
  if (n_train < 1) return Status::Error("knn: the training set is empty");
  if (k < 1 || k > n_train)
    return Status::Error("knn: k = " + str(k) + " must be in 1.." + str(n_train) + " (the training set size)");
  return Status::Ok();
}

const char* to_string(FoldScheme s) {
  switch (s) {
    case FoldScheme::Contiguous: return "contiguous";
    case FoldScheme::StratifiedShuffled: return "stratified";
  }
  return "?";
}

bool parse_fold_scheme(std::string_view s, FoldScheme* out) {
  return parse_name(s, {FoldScheme::Contiguous, FoldScheme::StratifiedShuffled}, out);
}

Status KnnCvConfig::validate(Index n) const {
  if (n < 2) return Status::Error("knn: cross-validation needs at least 2 samples, got " + str(n));
  if (folds < 2 || folds > n)
    return Status::Error("knn: folds = " + str(folds) + " must be in 2.." + str(n) + " (the number of samples)");
  const Index largest_fold = (n + folds - 1) / folds;
  const Index smallest_train = n - largest_fold;
  if (k_max < 1 || k_max > smallest_train)
    return Status::Error("knn: k_max = " + str(k_max) + " must be in 1.." + str(smallest_train) +
                         " (the smallest training set with " + str(folds) + " folds of " + str(n) + " samples)");
  return Status::Ok();
}

int KnnCvResult::best_k() const {
  if (mean_accuracy.empty()) return 0;
  return static_cast<int>(std::max_element(mean_accuracy.begin(), mean_accuracy.end()) - mean_accuracy.begin()) + 1;
}

// ------------------------------------------------------------------ neighbours and prediction

Result<std::vector<Neighbor>> nearest(const Ref<const MatD>& X_train, const Ref<const VecD>& query, int k) {
  if (Status s = check_matrix(X_train, "training set"); !s) return s;
  if (Status s = check_query(X_train, query.size(), query.allFinite()); !s) return s;
  if (Status s = KnnConfig{k}.validate(X_train.cols()); !s) return s;

  // d = ||t||^2 + ||q||^2 - 2 T^T q   (n): the same arithmetic as the batch path
  VecD d(X_train.cols());
  d.noalias() = X_train.transpose() * query;
  d *= -2.0;
  d.array() += X_train.colwise().squaredNorm().transpose().array() + query.squaredNorm();

  std::vector<int> idx(static_cast<std::size_t>(k));
  k_nearest(d.data(), d.size(), k, idx.data());
  std::vector<Neighbor> out(static_cast<std::size_t>(k));
  for (int i = 0; i < k; ++i) {
    const int j = idx[static_cast<std::size_t>(i)];
    out[static_cast<std::size_t>(i)] = Neighbor{j, std::sqrt(std::max(d(j), 0.0))};
  }
  return Result<std::vector<Neighbor>>(std::move(out));
}

Result<std::vector<std::vector<int>>> knn_predict_all_k(const Ref<const MatD>& X_train, const std::vector<int>& y_train,
                                                        const Ref<const MatD>& X_query, int k_max) {
  if (Status s = check_matrix(X_train, "training set"); !s) return s;
  if (Status s = check_labels(y_train, X_train.cols(), "training set"); !s) return s;
  if (Status s = check_query(X_train, X_query.rows(), X_query.allFinite()); !s) return s;
  if (k_max < 1 || k_max > X_train.cols())
    return Status::Error("knn: k_max = " + str(k_max) + " must be in 1.." + str(X_train.cols()) +
                         " (the training set size)");
  if (X_query.cols() == 0) return std::vector<std::vector<int>>(static_cast<std::size_t>(k_max));
  return predict_all_k(X_train, y_train, X_query, k_max);
}

Result<std::vector<int>> knn_predict(const Ref<const MatD>& X_train, const std::vector<int>& y_train,
                                     const Ref<const MatD>& X_query, const KnnConfig& cfg) {
  if (Status s = cfg.validate(X_train.cols()); !s) return s;
  Result<std::vector<std::vector<int>>> all = knn_predict_all_k(X_train, y_train, X_query, cfg.k);
  if (!all.ok()) return all.status;
  return std::move(all.value.back());
}

// ------------------------------------------------------------------ cross-validation

Result<std::vector<std::vector<int>>> make_folds(const std::vector<int>& y, int folds, FoldScheme scheme,
                                                 std::uint64_t seed) {
  const int n = static_cast<int>(y.size());
  if (folds < 2 || folds > n)
    return Status::Error("knn: folds = " + str(folds) + " must be in 2.." + str(n) + " (the number of samples)");
  std::vector<std::vector<int>> out(static_cast<std::size_t>(folds));

  if (scheme == FoldScheme::Contiguous) {
    // sklearn KFold(shuffle=False): sizes n/folds, the first n % folds one larger.
    int start = 0;
    for (int f = 0; f < folds; ++f) {
      const int size = n / folds + (f < n % folds ? 1 : 0);
      for (int i = start; i < start + size; ++i) out[static_cast<std::size_t>(f)].push_back(i);
      start += size;
    }
    return Result<std::vector<std::vector<int>>>(std::move(out));
  }

  // Stratified: shuffle, group by class keeping the shuffled order, then deal round-robin.
  // Class c holds a run of n_c consecutive positions, so each fold receives floor or ceil of
  // n_c / folds of it, and fold sizes differ by at most one.
  std::vector<int> order = permutation(n, seed);
  stable_sort_by_key(order, std::vector<double>(y.begin(), y.end()));   // by class
  for (int p = 0; p < n; ++p) out[static_cast<std::size_t>(p % folds)].push_back(order[static_cast<std::size_t>(p)]);
  for (std::vector<int>& fold : out) std::sort(fold.begin(), fold.end());
  return Result<std::vector<std::vector<int>>>(std::move(out));
}

Result<KnnCvResult> knn_cross_validate(const Ref<const MatD>& X, const std::vector<int>& y, const KnnCvConfig& cfg) {
  KnnCvRun run;
  if (Status s = run.start(X, y, cfg); !s) return s;
  const Index block = std::max<Index>(1, X.cols());
  while (!run.step(block)) {
  }
  return run.result();
}

// ------------------------------------------------------------------ cross-validation in slices

Status KnnCvRun::start(const Ref<const MatD>& X, const std::vector<int>& y, const KnnCvConfig& cfg) {
  *this = KnnCvRun();
  if (Status s = check_matrix(X, "data set"); !s) return s;
  if (Status s = check_labels(y, X.cols(), "data set"); !s) return s;
  if (Status s = cfg.validate(X.cols()); !s) return s;
  Result<std::vector<std::vector<int>>> folds = make_folds(y, cfg.folds, cfg.scheme, cfg.seed);
  if (!folds.ok()) return folds.status;

  const std::size_t F = static_cast<std::size_t>(cfg.folds), K = static_cast<std::size_t>(cfg.k_max);
  cfg_ = cfg;
  X_ = X;
  y_ = y;
  r_.k_max = cfg.k_max;
  r_.folds = std::move(folds.value);
  r_.correct.assign(F, std::vector<int>(K, 0));
  r_.fold_accuracy.assign(F, std::vector<double>(K, 0.0));
  r_.mean_accuracy.assign(K, 0.0);
  if (cfg.keep_predictions) {
    r_.predictions.resize(F);
    for (std::size_t f = 0; f < F; ++f)
      r_.predictions[f].assign(K, std::vector<int>(r_.folds[f].size(), 0));
  }
  return Status::Ok();
}

double KnnCvRun::progress() const {
  if (X_.cols() == 0) return 0.0;
  return done() ? 1.0 : static_cast<double>(classified_) / static_cast<double>(X_.cols());
}

// Gathers the fold's training set (the other samples, ascending) and test set; standardizes
// both with the training set's per-pixel mean and population standard deviation if asked.
void KnnCvRun::begin_fold() {
  const std::vector<int>& test = r_.folds[static_cast<std::size_t>(fold_)];
  std::vector<char> in_test(y_.size(), 0);
  for (int i : test) in_test[static_cast<std::size_t>(i)] = 1;
  std::vector<int> train;
  train.reserve(y_.size() - test.size());
  for (std::size_t i = 0; i < y_.size(); ++i)
    if (!in_test[i]) train.push_back(static_cast<int>(i));

  X_train_ = gather_columns(X_, train);  // (d x n_train)
  X_test_ = gather_columns(X_, test);    // (d x n_test)
  y_train_.resize(train.size());
  for (std::size_t i = 0; i < train.size(); ++i) y_train_[i] = y_[static_cast<std::size_t>(train[i])];
  if (cfg_.standardize) {
    // x' = (x - mean) / std, mean and std (ddof 0) of the training columns; std 0 -> 1
    const VecD mean = X_train_.rowwise().mean();
    VecD sd = ((X_train_.colwise() - mean).array().square().rowwise().mean()).sqrt().matrix();
    for (Index i = 0; i < sd.size(); ++i)
      if (sd[i] == 0.0) sd[i] = 1.0;
    X_train_ = ((X_train_.colwise() - mean).array().colwise() / sd.array()).matrix();
    X_test_ = ((X_test_.colwise() - mean).array().colwise() / sd.array()).matrix();
  }
  next_ = 0;
  fold_ready_ = true;
}

bool KnnCvRun::step(Index max_queries) {
  if (done()) return true;
  if (!fold_ready_) begin_fold();
  const std::size_t f = static_cast<std::size_t>(fold_);
  const std::vector<int>& test = r_.folds[f];
  const Index b = std::min(std::max<Index>(1, max_queries), X_test_.cols() - next_);
  // preds[k-1][j] for the test samples next_ .. next_ + b - 1
  const std::vector<std::vector<int>> preds = predict_all_k(X_train_, y_train_, X_test_.middleCols(next_, b), cfg_.k_max);
  for (std::size_t k = 0; k < static_cast<std::size_t>(cfg_.k_max); ++k) {
    for (Index j = 0; j < b; ++j) {
      const std::size_t i = static_cast<std::size_t>(next_ + j);
      const int p = preds[k][static_cast<std::size_t>(j)];
      r_.correct[f][k] += p == y_[static_cast<std::size_t>(test[i])];
      if (cfg_.keep_predictions) r_.predictions[f][k][i] = p;
    }
  }
  next_ += b;
  classified_ += b;
  if (next_ == X_test_.cols()) {
    for (std::size_t k = 0; k < static_cast<std::size_t>(cfg_.k_max); ++k)
      r_.fold_accuracy[f][k] = static_cast<double>(r_.correct[f][k]) / static_cast<double>(test.size());
    ++fold_;
    fold_ready_ = false;
    X_train_.resize(0, 0);
    X_test_.resize(0, 0);
    if (done()) finish();
  }
  return done();
}

void KnnCvRun::finish() {
  const std::size_t F = r_.folds.size();
  for (std::size_t k = 0; k < r_.mean_accuracy.size(); ++k) {
    double sum = 0.0;
    for (std::size_t f = 0; f < F; ++f) sum += r_.fold_accuracy[f][k];
    r_.mean_accuracy[k] = sum / static_cast<double>(F);
  }
}

}  // namespace bpl
