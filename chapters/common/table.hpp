// A table of results: printed with aligned columns, written as CSV.
#pragma once

#include <string>
#include <vector>

namespace sg::book {

// Numbers as the lessons print them in text and table cells: num with 4
// significant digits ("0.1235", "1.235e+04"), sci in scientific notation
// with 2 decimals ("1.23e-05").
std::string num(double v);
std::string sci(double v);

class Table {
 public:
  explicit Table(std::vector<std::string> columns);
  // One row, as many cells as columns (else ShapeError). Format numbers
  // before adding them: the table prints exactly what it is given.
  void add(std::vector<std::string> row);

  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

  // Columns padded to their widest cell (counted in UTF-8 characters), a
  // rule under the header; cells that look like numbers are right-aligned.
  std::string text() const;
  // RFC 4180: a header line, then one line per row; cells with a comma, a
  // quote or a line break are quoted.
  std::string csv() const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_cell(const std::string& s);

}  // namespace sg::book
