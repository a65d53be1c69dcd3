// Engine errors. Everything inside the engine reports failure by throwing pd::Error; the C ABI
// layer (src/capi) catches it, stores the message per thread and returns the status code.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "paddle_c.h"

namespace pd {

class Error : public std::runtime_error {
 public:
  Error(pd_status status, const std::string& msg) : std::runtime_error(msg), status_(status) {}
  pd_status status() const { return status_; }

 private:
  pd_status status_;
};

// Builds a message from pieces: PD_THROW(PD_INVALID_ARGUMENT, "op: got ", x, ", expected ", y).
template <typename... Args>
[[noreturn]] inline void throw_error(pd_status status, const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  throw Error(status, os.str());
}

#define PD_THROW(status, ...) ::pd::throw_error(status, __VA_ARGS__)
#define PD_CHECK_ARG(cond, ...) \
  do {                          \
    if (!(cond)) ::pd::throw_error(PD_INVALID_ARGUMENT, __VA_ARGS__); \
  } while (0)

// Formats a dim list as Paddle prints shapes: [2, 3].
std::string shape_str(const int64_t* dims, int n);
inline std::string shape_str(const std::vector<int64_t>& v) {
  return shape_str(v.data(), (int)v.size());
}

}  // namespace pd
