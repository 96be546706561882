#include "tests/graded/graded.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace sg::graded {

namespace {
std::uint64_t run_seed = 1;
}  // namespace

std::uint64_t seed() { return run_seed; }
void set_seed(std::uint64_t s) { run_seed = s; }

std::string show(double v, int digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:.{}g}", v, digits);
}

std::string show(const Mat& M, int digits) {
  if (M.size() == 1) return show(M(0, 0), digits);   // a 1×1 result reads as a number
  std::string s = "[";
  Index shown = 0;
  for (Index r = 0; r < M.rows(); ++r) {
    s += r ? ", [" : "[";
    for (Index c = 0; c < M.cols(); ++c) {
      if (shown++ == 6) return s + "…]]" + fmt::format(" ({}×{})", M.rows(), M.cols());
      s += (c ? ", " : "") + show(M(r, c), digits);
    }
    s += "]";
  }
  return s + "]";
}

bool close(double expected, double got, double tol) {
  return std::isfinite(got) && std::abs(got - expected) <= tol * std::max(1.0, std::abs(expected));
}

bool close(const Mat& expected, const Mat& got, double tol) {
  if (expected.rows() != got.rows() || expected.cols() != got.cols()) return false;
  for (Index i = 0; i < expected.size(); ++i) {
    if (!close(expected(i), got(i), tol)) return false;
  }
  return true;
}

namespace {

// One message for a failed check, and the test goes on.
template <class T>
void fail(const std::string& call, const T& expected, const T& got, const std::string& hint,
          const std::vector<Mistake<T>>& mistakes, double tol) {
  // 4 digits, or as many as it takes for expected and got to read differently.
  int digits = 4;
  while (digits < 17 && show(expected, digits) == show(got, digits)) ++digits;
  std::string message = fmt::format("{}: expected {}, got {}", call, show(expected, digits), show(got, digits));
  const auto known = std::find_if(mistakes.begin(), mistakes.end(),
                                  [&](const Mistake<T>& m) { return close(m.value, got, tol); });
  message += known != mistakes.end() ? ": " + known->meaning : ". Hint: " + hint;
  FAIL_CHECK(message);
}

}  // namespace

void check_value(const std::string& call, double expected, double got, const std::string& hint,
                 const std::vector<Mistake<double>>& mistakes, double tol) {
  if (close(expected, got, tol)) {
    SUCCEED(call);
    return;
  }
  fail(call, expected, got, hint, mistakes, tol);
}

void check_value(const std::string& call, const Mat& expected, const Mat& got, const std::string& hint,
                 const std::vector<Mistake<Mat>>& mistakes, double tol) {
  if (expected.rows() != got.rows() || expected.cols() != got.cols()) {
    FAIL_CHECK(fmt::format("{}: expected a {}×{} matrix, got {}×{}. Hint: {}", call, expected.rows(),
                           expected.cols(), got.rows(), got.cols(), hint));
    return;
  }
  if (close(expected, got, tol)) {
    SUCCEED(call);
    return;
  }
  fail(call, expected, got, hint, mistakes, tol);
}

void check_equal(const std::string& call, long long expected, long long got, const std::string& hint) {
  if (expected == got) {
    SUCCEED(call);
    return;
  }
  FAIL_CHECK(fmt::format("{}: expected {}, got {}. Hint: {}", call, expected, got, hint));
}

void check_equal(const std::string& call, const std::vector<int>& expected, const std::vector<int>& got,
                 const std::string& hint) {
  if (expected == got) {
    SUCCEED(call);
    return;
  }
  FAIL_CHECK(fmt::format("{}: expected {{{}}}, got {{{}}}. Hint: {}", call, fmt::join(expected, ", "),
                         fmt::join(got, ", "), hint));
}

}  // namespace sg::graded
