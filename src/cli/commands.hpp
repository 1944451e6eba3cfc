// The CLI's subcommands. Each returns a process exit code: 0 ok, 1 failure, 2 bad usage.
#pragma once
#include <string>

#include "cli/args.hpp"
#include "core/status.hpp"
#include "data/dataset.hpp"
#include "train/trainer.hpp"

namespace bpl::cli {

int cmd_train(int argc, char** argv);
int cmd_eval(int argc, char** argv);
int cmd_knn_cv(int argc, char** argv);
int cmd_gradcheck(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_fingerprint(int argc, char** argv);
int cmd_read(int argc, char** argv);
int cmd_pen_asset(int argc, char** argv);
int cmd_digits_asset(int argc, char** argv);

// Shared by the command files.
// The training-config flags (one per config JSON key) followed by a command's own.
std::vector<FlagSpec> with_config_flags(std::vector<FlagSpec> extra);
bool wants_help(int argc, char** argv);
// What a training-config command needs: its flags, the config they give, the digits.
struct Session {
  Args args;
  TrainConfig cfg;
  Dataset data;
};
// Parses flags and config flags and loads the data. Returns -1 to go on, else the exit code.
// Flags apply on top of `base` (--preset NAME replaces it).
int start_session(const Command& cmd, int argc, char** argv, Session* out, const TrainConfig& base = TrainConfig());

// The digits shipped in assets/ (or --data PATH).
std::string default_data_path();
Result<Dataset> load_data(const Args& a);
// A file's text, gunzipped when the name ends in .gz (natively with zlib, in WebAssembly with Node's).
Result<std::string> read_maybe_gz(const std::string& path);
// The real pen digits shipped in assets/ (or --pen-data PATH), installed for the trainers
// (data/pen.hpp). start_session does it when the config asks for pen digits.
std::string default_pen_path();
Status install_pen_asset(const Args& a);

}  // namespace bpl::cli
