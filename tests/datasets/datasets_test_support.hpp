// Shared helpers of the calibration-data tests: tokenizer-free encoders, a scratch folder, and
// a registry holding only the dataset-local plugin.
#pragma once

#include "data/text_encoder.hpp"
#include "registry/registry.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace ar::testing {

// One id per byte (byte + 3) between BOS = 1 and EOS = 2; no chat template.
data::TextEncoder byte_encoder();
// One id per whitespace-separated word, ids given in order of first appearance from 3 on; BOS = 1.
data::TextEncoder word_encoder();
// byte_encoder() plus a chat template rendering "<role>content" lines.
data::TextEncoder chat_byte_encoder();

const Registry& dataset_registry();
std::string shared_data(const std::string& relative);  // path under shared/data

class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  std::filesystem::path write(const std::string& name, const std::string& content) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Asserts that `statement` throws ar::Error whose message is exactly `message`.
#define EXPECT_AR_ERROR(statement, message)                         \
  try {                                                             \
    statement;                                                      \
    ADD_FAILURE() << "expected ar::Error: " << (message);           \
  } catch (const ::ar::Error& e) {                                  \
    EXPECT_EQ(std::string(e.what()), std::string(message));         \
  }

}  // namespace ar::testing
