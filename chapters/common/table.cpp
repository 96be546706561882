#include "chapters/common/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"

namespace sg::book {

std::string num(double v) { return fmt::format("{:.4g}", v); }
std::string sci(double v) { return fmt::format("{:.2e}", v); }

namespace {

// Characters, not bytes: "σ" and "²" take one column on a terminal.
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool looks_numeric(const std::string& s) {
  if (s.empty()) return false;
  const char c = s[0];
  return std::isdigit(static_cast<unsigned char>(c)) || ((c == '-' || c == '+' || c == '.') && s.size() > 1);
}

std::string pad(const std::string& s, std::size_t w, bool right) {
  const std::string fill(w - std::min(w, width(s)), ' ');
  return right ? fill + s : s + fill;
}

// A line without the padding after its last cell.
std::string trimmed(std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  return line + '\n';
}

}  // namespace

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

Table::Table(std::vector<std::string> columns) : columns_(std::move(columns)) {}

void Table::add(std::vector<std::string> row) {
  if (row.size() != columns_.size()) {
    throw ShapeError(fmt::format("table: a row has {} cells but the table has {} columns", row.size(),
                                 columns_.size()));
  }
  rows_.push_back(std::move(row));
}

std::string Table::text() const {
  std::vector<std::size_t> w(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    w[c] = width(columns_[c]);
    for (const auto& row : rows_) w[c] = std::max(w[c], width(row[c]));
  }
  // Cells two spaces apart; numbers right-aligned (the header never is).
  auto line = [&w](const std::vector<std::string>& cells, bool header) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) text += "  ";
      text += pad(cells[c], w[c], !header && looks_numeric(cells[c]));
    }
    return trimmed(text);
  };
  std::vector<std::string> rule;
  for (std::size_t width_c : w) rule.emplace_back(width_c, '-');
  std::string out = line(columns_, true) + line(rule, true);
  for (const auto& row : rows_) out += line(row, false);
  return out;
}

std::string Table::csv() const {
  std::string out;
  auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) out += ',';
      out += csv_cell(cells[c]);
    }
    out += '\n';
  };
  line(columns_);
  for (const auto& row : rows_) line(row);
  return out;
}

}  // namespace sg::book
