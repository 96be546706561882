// Errors the engine throws. Every message names what was called, what it got
// and the rule that failed, so that it can be shown to a student as it is.
#pragma once

#include <stdexcept>
#include <string>

namespace sg {

// Base of every stepgrad error; `main` catches it and prints "error: <what>".
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Operand shapes do not fit the op, e.g.
// "matmul: X is (4,3) but W is (2,5): X.cols must equal W.rows".
class ShapeError : public Error {
 public:
  using Error::Error;
};

// A value the op cannot take: a non-scalar where a scalar is needed, a label
// out of range, a NaN where training needs a number.
class ValueError : public Error {
 public:
  using Error::Error;
};

// A file that cannot be read, or whose bytes are not what its format
// promises; the message names the file, where it went wrong (byte offset or
// line and column) and what was expected there:
// "train-images-idx3-ubyte.gz: byte 3: expected 3 dimensions (images), found 1".
class IoError : public Error {
 public:
  using Error::Error;
};

// A student stub that has not been filled in yet:
// "Exercise 5.2 (bce_backward): ...".
class NotImplemented : public Error {
 public:
  using Error::Error;
};

}  // namespace sg
