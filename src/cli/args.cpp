#include "cli/args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace bpl::cli {

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

Result<Args> Args::parse(const Command& cmd, int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string tok = argv[i];
    if (tok.rfind("--", 0) != 0 || tok.size() < 3) return Status::Error("unexpected argument '" + tok + "'");
    std::string name = tok.substr(2), value;
    bool inline_value = false;
    const std::size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& f : cmd.flags)
      if (f.name == name) spec = &f;
    if (!spec) return Status::Error("unknown flag --" + name);
    if (spec->value.empty()) {
      if (inline_value) return Status::Error("--" + name + " takes no value");
      value = "1";
    } else if (!inline_value) {
      if (i + 1 >= argc) return Status::Error("--" + name + " needs a value (" + spec->value + ")");
      value = argv[++i];
    }
    a.values_[name] = value;
  }
  return a;
}

Status parse_int(const std::string& flag, const std::string& text, long long lo, long long hi, long long* out) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < lo || v > hi)
    return Status::Error("--" + flag + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                         ", got '" + text + "'");
  *out = v;
  return Status::Ok();
}

Status parse_double(const std::string& flag, const std::string& text, double* out) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v))
    return Status::Error("--" + flag + " must be a finite number, got '" + text + "'");
  *out = v;
  return Status::Ok();
}

void print_help(const Command& cmd) {
  std::printf("usage: backprop-lab %s [flags]\n\n%s\n\nflags:\n", cmd.name, cmd.summary);
  for (const FlagSpec& f : cmd.flags) {
    std::string left = "  --" + f.name + (f.value.empty() ? "" : " " + f.value);
    std::printf("%-34s %s\n", left.c_str(), f.help.c_str());
  }
}

int usage_error(const Command& cmd, const std::string& msg) {
  std::fprintf(stderr, "backprop-lab %s: error: %s\nusage: backprop-lab %s [flags]   (backprop-lab %s --help lists them)\n",
               cmd.name, msg.c_str(), cmd.name, cmd.name);
  return 2;
}

}  // namespace bpl::cli
