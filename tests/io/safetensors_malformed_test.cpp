// Every malformed safetensors file is refused with its own message naming the file.
#include "io/safetensors_reader.hpp"
#include "temp_dir.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>

namespace {

using ar::test::safetensors_bytes;
using ar::test::TempDir;

std::string error_of(const TempDir& dir, const std::string& bytes) {
  dir.write("bad.safetensors", bytes);
  try {
    ar::io::SafetensorsFile file(dir.file("bad.safetensors"));
  } catch (const ar::Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("bad.safetensors")), std::string::npos) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "the malformed file was accepted";
  return "";
}

const std::string kOneFloat = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";

TEST(SafetensorsMalformed, FileShorterThanLengthPrefix) {
  TempDir dir;
  EXPECT_NE(error_of(dir, "abc").find("is truncated: it has 3 bytes, expected at least 8"), std::string::npos);
}

TEST(SafetensorsMalformed, HeaderLengthBeyondFile) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(kOneFloat, "0123", 1000));
  EXPECT_NE(message.find("declares a header length of 1000 bytes beyond the file size"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, BadJson) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(R"({"a": {"dtype": "F32",)", ""));
  EXPECT_NE(message.find("has a header that is not valid JSON"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, HeaderNotAnObject) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes("[1, 2]", ""));
  EXPECT_NE(message.find("is JSON but not an object"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, UnknownDtype) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(R"({"a":{"dtype":"F7","shape":[1],"data_offsets":[0,1]}})", "x"));
  EXPECT_NE(message.find("tensor 'a' has unknown dtype \"F7\"; expected one of F64, F32"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, MissingField) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(R"({"a":{"dtype":"F32","shape":[1]}})", ""));
  EXPECT_NE(message.find("expected an object with dtype, shape and data_offsets"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, ShapeAndDtypeDisagreeWithOffsets) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}})",
                                                 std::string(12, '\0')));
  EXPECT_NE(message.find("tensor 'a' has shape [2, 2] of dtype F32 (16 bytes) but its data_offsets span 12 bytes"),
            std::string::npos) << message;
}

TEST(SafetensorsMalformed, OffsetsBeginAfterEnd) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})", "0123"));
  EXPECT_NE(message.find("expected [begin, end] with 0 <= begin <= end"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, OffsetsOutsideFile) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(
      R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[100,104]}})",
      "0123"));
  EXPECT_NE(message.find("tensor 'b' has data_offsets [100, 104] outside the data section of 4 bytes"),
            std::string::npos) << message;
}

TEST(SafetensorsMalformed, OverlappingOffsets) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(
      R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
      std::string(8, '\0')));
  EXPECT_NE(message.find("tensors 'a' and 'b' have overlapping data_offsets"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, GapBetweenTensors) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(
      R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
      std::string(12, '\0')));
  EXPECT_NE(message.find("do not cover the data section; bytes [4, 8) before tensor 'b' belong to no tensor"),
            std::string::npos) << message;
}

TEST(SafetensorsMalformed, TrailingBytesNotCovered) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(kOneFloat, "01234567"));
  EXPECT_NE(message.find("do not cover the data section; the last 4 of 8 bytes belong to no tensor"),
            std::string::npos) << message;
}

TEST(SafetensorsMalformed, TruncatedData) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(
      R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", std::string(10, '\0')));
  EXPECT_NE(message.find("is truncated: its tensors need 16 data bytes but only 10 follow the header"),
            std::string::npos) << message;
}

TEST(SafetensorsMalformed, MetadataNotStrings) {
  TempDir dir;
  auto message = error_of(dir, safetensors_bytes(R"({"__metadata__":{"format":1}})", ""));
  EXPECT_NE(message.find("__metadata__ key 'format' is 1; expected a string"), std::string::npos) << message;
}

TEST(SafetensorsMalformed, IndexNamesMissingShard) {
  TempDir dir;
  dir.write("model.safetensors.index.json", R"({"weight_map":{"a":"model-00001-of-00002.safetensors"}})");
  try {
    ar::io::SafetensorsReader reader(dir.path());
    FAIL() << "accepted an index naming a missing shard";
  } catch (const ar::Error& e) {
    EXPECT_NE(std::string(e.what()).find("names shard 'model-00001-of-00002.safetensors', which does not exist"),
              std::string::npos) << e.what();
  }
}

TEST(SafetensorsMalformed, IndexPlacesTensorInWrongShard) {
  TempDir dir;
  dir.write("s1.safetensors", safetensors_bytes(kOneFloat, "0123"));
  dir.write("model.safetensors.index.json", R"({"weight_map":{"b":"s1.safetensors"}})");
  try {
    ar::io::SafetensorsReader reader(dir.path());
    FAIL() << "accepted an index placing a tensor in a shard without it";
  } catch (const ar::Error& e) {
    EXPECT_NE(std::string(e.what()).find("places tensor 'b' in 's1.safetensors', which does not hold it"),
              std::string::npos) << e.what();
  }
}

TEST(SafetensorsMalformed, IndexWithoutWeightMap) {
  TempDir dir;
  dir.write("model.safetensors.index.json", R"({"metadata":{}})");
  EXPECT_THROW(ar::io::SafetensorsReader reader(dir.path()), ar::Error);
}

}  // namespace
