// A small CSV reader for tabular datasets (iris, wine, a student's own file):
// a header row naming the columns, numeric feature columns, and one label
// column chosen by name.
//
// Fields are separated by commas; surrounding spaces and a pair of double
// quotes around a field are removed (quoted commas are not supported);
// blank lines are skipped; "\r\n" line ends are read as "\n".
// Every failure throws IoError naming the file, the line and the column.
#pragma once

#include <filesystem>
#include <string>

#include "engine/data/dataset.hpp"

namespace sg {

enum class CsvLabels {
  Auto,    // whole numbers >= 0 are the class indices themselves; anything else
           // is a name, mapped to 0, 1, ... in order of first appearance
  Names,   // always names in order of first appearance ("5" is a name too)
  Target,  // a number to regress on: targets (N,1), no labels
};

// Reads `path`; every column but `label_column` becomes a feature, in file order.
Dataset read_csv(const std::filesystem::path& path, const std::string& label_column,
                 CsvLabels labels = CsvLabels::Auto);

}  // namespace sg
