// Minimal flag parsing for the CLI: --name value | --name=value | --switch.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace bpl::cli {

struct FlagSpec {
  std::string name;     // without the leading dashes
  std::string value;    // placeholder shown in --help; empty = a switch (no value)
  std::string help;
};

struct Command {
  const char* name;
  const char* summary;
  std::vector<FlagSpec> flags;
};

class Args {
 public:
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  const std::map<std::string, std::string>& values() const { return values_; }
  // Parses argv[first..argc); unknown flags and missing values are errors.
  static Result<Args> parse(const Command& cmd, int argc, char** argv, int first);

 private:
  std::map<std::string, std::string> values_;
};

// Numbers with a clear message on failure.
Status parse_int(const std::string& flag, const std::string& text, long long lo, long long hi, long long* out);
Status parse_double(const std::string& flag, const std::string& text, double* out);

void print_help(const Command& cmd);
// Prints "error: msg" and the usage; returns exit code 2.
int usage_error(const Command& cmd, const std::string& msg);

}  // namespace bpl::cli
