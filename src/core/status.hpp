// Status / Result: the engine never lets an exception cross an API the web build calls
// (Emscripten aborts on uncaught exceptions). Failures carry a human-readable message.
// Both are [[nodiscard]] (and the build makes ignoring one an error): every result is handled.
#pragma once
#include <string>
#include <utility>

namespace bpl {

class [[nodiscard]] Status {
 public:
  Status() = default;                       // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string msg) {
    Status s;
    s.msg_ = msg.empty() ? std::string("unknown error") : std::move(msg);
    return s;
  }
  bool ok() const { return msg_.empty(); }
  explicit operator bool() const { return ok(); }
  const std::string& message() const { return msg_; }

 private:
  std::string msg_;
};

// A value or an error message. `value` is meaningful only when ok().
template <class T>
struct [[nodiscard]] Result {
  T value{};
  Status status;

  Result() = default;
  Result(T v) : value(std::move(v)) {}                 // NOLINT: implicit on purpose
  Result(Status s) : status(std::move(s)) {}           // NOLINT
  bool ok() const { return status.ok(); }
  const std::string& message() const { return status.message(); }
};

}  // namespace bpl
