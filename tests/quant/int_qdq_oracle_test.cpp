// Bit-identity of the int scheme with PyPI auto-round (quant_tensor_sym / quant_tensor_asym and
// WrapperLinear._qdq_weight), on random tensors and on stories260K weights. The expected values
// come from oracle_int_qdq.py, run by the ctest fixture quant_int_oracle_setup.
#include "quant_test_support.hpp"

#include "io/safetensors_reader.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

namespace ar::test {
namespace {

struct OracleCase {
  std::string name, source;
  QuantSpec spec;
  bool tuned = false;
};

std::map<std::string, std::string> parse_fields(const std::string& line) {
  std::map<std::string, std::string> fields;
  std::stringstream in(line);
  std::string item;
  while (std::getline(in, item, ';')) {
    auto eq = item.find('=');
    if (eq != std::string::npos) fields[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return fields;
}

class Oracle {
 public:
  Oracle() : file_(AR_INT_ORACLE_FILE) {
    for (const auto& [name, line] : file_.metadata()) {
      auto f = parse_fields(line);
      if (!f.count("bits")) continue;  // version lines
      OracleCase c{name, f["source"], int_spec(std::stoi(f["bits"]), std::stoi(f["group_size"]), f["sym"] == "1",
                                               f["scale_dtype"]), f["tuned"] == "1"};
      cases_.push_back(c);
    }
  }
  const std::vector<OracleCase>& cases() const { return cases_; }
  at::Tensor get(const std::string& name) const { return file_.load(name, file_.view(name).scalar_type(), at::kCPU); }
  bool has(const std::string& name) const { return file_.has(name); }
  std::string version() const { return file_.metadata().at("auto_round") + " / torch " + file_.metadata().at("torch"); }

 private:
  io::SafetensorsFile file_;
  std::vector<OracleCase> cases_;
};

const Oracle& oracle() {
  if (!std::filesystem::exists(AR_INT_ORACLE_FILE))
    throw std::runtime_error(std::string("oracle file ") + AR_INT_ORACLE_FILE +
                             " is missing; run these tests through ctest (fixture quant_int_oracle_setup runs "
                             "tests/quant/oracle_int_qdq.py with the venv of scripts/prepare_assets.sh)");
  static Oracle instance;
  return instance;
}

// Per compared field: cases that matched bit for bit, and cases compared.
struct Tally {
  std::map<std::string, std::pair<int, int>> fields;
  std::vector<std::string> failures;

  void add(const std::string& field, const std::string& case_name, int64_t mismatches) {
    auto& [same, total] = fields[field];
    ++total;
    if (mismatches == 0) ++same;
    else failures.push_back(case_name + "." + field + ": " + std::to_string(mismatches) + " elements differ");
  }
  void report(const std::string& title) const {
    std::cout << "[" << title << "] auto-round " << oracle().version() << "\n";
    for (const auto& [field, counts] : fields)
      std::cout << "  " << field << ": " << counts.first << "/" << counts.second << " cases match\n";
    for (const auto& f : failures) ADD_FAILURE() << f;
  }
};

TuneParams tuned_params(const Oracle& o, const OracleCase& c, bool requires_grad) {
  TuneParams p;
  p.round_offset = o.get(c.name + ".v").requires_grad_(requires_grad);
  p.min_scale = o.get(c.name + ".min_scale").requires_grad_(requires_grad);
  p.max_scale = o.get(c.name + ".max_scale").requires_grad_(requires_grad);
  return p;
}

void compare_case(const Oracle& o, const OracleCase& c, Tally& tally) {
  auto scheme = int_scheme();
  auto weight = o.get("source." + c.source);
  auto params = c.tuned ? tuned_params(o, c, false) : TuneParams{};
  auto expected = o.get(c.name + ".qdq");
  tally.add("qdq", c.name, bit_mismatches(scheme->qdq(weight, c.spec, params), expected));
  auto q = scheme->quantize(weight, c.spec, params);
  tally.add("scale", c.name, bit_mismatches(q.scales.reshape(-1), o.get(c.name + ".scale")));
  if (!c.spec.sym) tally.add("zero", c.name, bit_mismatches(q.zeros.to(at::kFloat).reshape(-1), o.get(c.name + ".zp")));
  tally.add("dequantize(quantize)", c.name, bit_mismatches(scheme->dequantize(q), expected));
  auto codes_ok = q.codes.min().item<int>() >= 0 && q.codes.max().item<int>() < (1 << c.spec.bits);
  tally.add("codes in [0, 2^bits)", c.name, codes_ok ? 0 : 1);
}

void run_cases(const std::string& title, const std::function<bool(const OracleCase&)>& wanted) {
  const auto& o = oracle();
  Tally tally;
  int n = 0;
  for (const auto& c : o.cases())
    if (wanted(c)) {
      compare_case(o, c, tally);
      ++n;
    }
  ASSERT_GT(n, 0) << "no oracle cases for " << title;
  tally.report(title);
}

TEST(IntQdqOracle, PlainSymMatchesQuantTensorSym) {
  run_cases("plain sym", [](const OracleCase& c) { return !c.tuned && c.spec.sym; });
}

TEST(IntQdqOracle, PlainAsymMatchesQuantTensorAsym) {
  run_cases("plain asym", [](const OracleCase& c) { return !c.tuned && !c.spec.sym; });
}

TEST(IntQdqOracle, TunedSymMatchesWrapper) {
  run_cases("tuned sym", [](const OracleCase& c) { return c.tuned && c.spec.sym; });
}

TEST(IntQdqOracle, TunedAsymMatchesWrapper) {
  run_cases("tuned asym", [](const OracleCase& c) { return c.tuned && !c.spec.sym; });
}

TEST(IntQdqOracle, GradientsMatchWrapper) {
  const auto& o = oracle();
  auto scheme = int_scheme();
  Tally tally;
  for (const auto& c : o.cases()) {
    if (!c.tuned) continue;
    auto params = tuned_params(o, c, true);
    auto qdq = scheme->qdq(o.get("source." + c.source), c.spec, params);
    (qdq * o.get(c.name + ".grad_seed")).sum().backward();
    tally.add("grad round_offset", c.name, bit_mismatches(params.round_offset.grad(), o.get(c.name + ".grad_v")));
    tally.add("grad min_scale", c.name, bit_mismatches(params.min_scale.grad(), o.get(c.name + ".grad_min_scale")));
    tally.add("grad max_scale", c.name, bit_mismatches(params.max_scale.grad(), o.get(c.name + ".grad_max_scale")));
  }
  tally.report("gradients");
}

}  // namespace
}  // namespace ar::test
