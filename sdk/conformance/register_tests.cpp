#include <ar/conformance.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

namespace ar::conformance {
namespace {

class ContractTest : public ::testing::Test {
 public:
  ContractTest(std::function<std::vector<std::string>(const std::string&)> check, std::string file)
      : check_(std::move(check)), file_(std::move(file)) {}
  void TestBody() override {
    for (const auto& problem : check_(file_)) ADD_FAILURE() << file_ << ": " << problem;
  }

 private:
  std::function<std::vector<std::string>(const std::string&)> check_;
  std::string file_;
};

}  // namespace

void register_tests(const std::string& file) {
  auto suite = "Conformance_" + std::filesystem::path(file).stem().string();
  const std::pair<const char*, std::vector<std::string> (*)(const std::string&)> contracts[] = {
      {"LoadContract", check_load_contract},
      {"OptionContract", check_option_contract},
      {"SchemeContract", check_scheme_contract},
      {"FormatContract", check_format_contract},
      {"BackendContract", check_backend_contract},
  };
  for (const auto& [name, check] : contracts)
    ::testing::RegisterTest(suite.c_str(), name, nullptr, nullptr, __FILE__, __LINE__,
                            [check = check, file]() -> ::testing::Test* { return new ContractTest(check, file); });
}

}  // namespace ar::conformance
