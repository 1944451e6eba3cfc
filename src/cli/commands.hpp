// The CLI's subcommands. Each returns a process exit code: 0 ok, 1 failure, 2 bad usage.
#pragma once
#include <string>

#include "cli/args.hpp"
#include "core/status.hpp"
#include "data/dataset.hpp"

namespace bpl::cli {

int cmd_train(int argc, char** argv);
int cmd_eval(int argc, char** argv);
int cmd_knn_cv(int argc, char** argv);
int cmd_gradcheck(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_fingerprint(int argc, char** argv);

// The digits shipped in assets/ (or --data PATH).
std::string default_data_path();
Result<Dataset> load_data(const Args& a);

}  // namespace bpl::cli
