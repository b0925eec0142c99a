// Example third-party plugin: calibration text from one column of a CSV file (`file.csv#column`,
// default column "text"). Quoted fields with commas and doubled quotes are handled.
#include <ar/error.hpp>
#include <ar/plugin.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
    else if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) fields.emplace_back();
    else fields.back() += c;
  }
  return fields;
}

class CsvDataset final : public ar::Dataset {
 public:
  bool accepts(const std::string& source) const override {
    auto file = source.substr(0, source.find('#'));
    return file.size() > 4 && file.compare(file.size() - 4, 4, ".csv") == 0;
  }

  std::vector<std::string> load_texts(const ar::DatasetRequest& request) const override {
    auto hash = request.source.find('#');
    auto file = request.source.substr(0, hash);
    auto column = hash == std::string::npos ? std::string("text") : request.source.substr(hash + 1);
    std::ifstream in(file);
    if (!in) throw ar::Error("cannot open CSV file '" + file + "'");
    std::string line;
    if (!std::getline(in, line)) throw ar::Error("CSV file '" + file + "' is empty");
    auto header = split_csv_line(line);
    size_t index = 0;
    while (index < header.size() && header[index] != column) ++index;
    if (index == header.size()) throw ar::Error("CSV file '" + file + "' has no column '" + column + "'");
    std::vector<std::string> texts;
    while (std::getline(in, line) && (request.max_samples < 0 || int64_t(texts.size()) < request.max_samples)) {
      auto fields = split_csv_line(line);
      if (index < fields.size() && !fields[index].empty()) texts.push_back(fields[index]);
    }
    return texts;
  }
};

void register_components(ar::Registrar& registrar) {
  registrar.add_dataset({"example-csv", "one calibration text per CSV row (file.csv#column)", {{"extensions", ".csv"}}, {}},
                        [] { return std::make_shared<CsvDataset>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("dataset-example-csv", "1.0.0", "Apache-2.0", "Example out-of-tree dataset plugin (CSV column)",
                 register_components)
