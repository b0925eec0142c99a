#include "data/source_samples.hpp"

#include "data/sample_masks.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <optional>

namespace ar::data {
namespace {

using Ids = std::vector<int32_t>;

Ids encode_text(const std::string& text, const DatasetSource& source, const TextEncoder& encoder) {
  if (!source.apply_chat_template) return encoder.encode(text);
  if (!encoder.encode_chat) {
    throw Error(fmt::format("dataset '{}' asks for apply_chat_template, but the model's tokenizer has no chat "
                            "template; drop the option or use a model with one", source.name));
  }
  const std::string system = source.system_prompt.value_or(kDefaultSystemPrompt);
  std::vector<ChatMessage> messages;
  if (!system.empty()) messages.push_back({"system", system});
  messages.push_back({"user", text});
  return encoder.encode_chat(messages);
}

void strip_special_ends(Ids& ids, const TextEncoder& encoder) {
  if (encoder.bos && !ids.empty() && ids.front() == *encoder.bos) ids.erase(ids.begin());
  if (encoder.eos && !ids.empty() && ids.back() == *encoder.eos) ids.pop_back();
}

std::vector<Ids> plain_samples(const std::vector<std::string>& texts, const DatasetSource& source,
                               const TextEncoder& encoder, const SampleShape& shape) {
  std::vector<Ids> samples;
  for (const auto& text : texts) {
    if (static_cast<int64_t>(samples.size()) >= shape.max_samples) break;
    Ids ids = encode_text(text, source, encoder);
    if (static_cast<int64_t>(ids.size()) < shape.seqlen) continue;
    ids.resize(shape.seqlen);
    if (!looks_padded(ids, shape.seqlen)) samples.push_back(std::move(ids));
  }
  return samples;
}

// The tokenizer's habit of adding BOS / EOS, seen on the first text, is kept for every chunk.
struct ChunkFrame {
  std::optional<int32_t> bos, eos;
  size_t body(int64_t seqlen) const { return static_cast<size_t>(seqlen) - (bos ? 1 : 0) - (eos ? 1 : 0); }
};

ChunkFrame frame_of(const Ids& ids, const TextEncoder& encoder) {
  ChunkFrame frame;
  if (encoder.bos && !ids.empty() && ids.front() == *encoder.bos) frame.bos = encoder.bos;
  if (encoder.eos && ids.size() > 1 && ids.back() == *encoder.eos) frame.eos = encoder.eos;
  return frame;
}

Ids framed(const ChunkFrame& frame, Ids::const_iterator begin, Ids::const_iterator end) {
  Ids chunk;
  if (frame.bos) chunk.push_back(*frame.bos);
  chunk.insert(chunk.end(), begin, end);
  if (frame.eos) chunk.push_back(*frame.eos);
  return chunk;
}

std::vector<Ids> concat_samples(const std::vector<std::string>& texts, const DatasetSource& source,
                                const TextEncoder& encoder, const SampleShape& shape) {
  std::vector<Ids> samples;
  std::optional<ChunkFrame> frame;
  Ids stream;
  for (const auto& text : texts) {
    if (static_cast<int64_t>(samples.size()) >= shape.max_samples) break;
    Ids ids = encode_text(text, source, encoder);
    if (!frame) frame = frame_of(ids, encoder);
    if (static_cast<int64_t>(ids.size()) > shape.seqlen) ids.resize(shape.seqlen);  // as the reference truncates
    if (frame->body(shape.seqlen) < 1) {
      throw Error(fmt::format("dataset '{}': seqlen {} leaves no room for text between BOS and EOS in concat mode",
                              source.name, shape.seqlen));
    }
    strip_special_ends(ids, encoder);
    stream.insert(stream.end(), ids.begin(), ids.end());
    const size_t body = frame->body(shape.seqlen);
    size_t used = 0;
    while (stream.size() - used >= body && static_cast<int64_t>(samples.size()) < shape.max_samples) {
      Ids chunk = framed(*frame, stream.begin() + used, stream.begin() + used + body);
      used += body;
      if (!looks_padded(chunk, shape.seqlen)) samples.push_back(std::move(chunk));
    }
    stream.erase(stream.begin(), stream.begin() + used);
  }
  return samples;
}

}  // namespace

std::vector<std::vector<int32_t>> source_samples(const std::vector<std::string>& texts, const DatasetSource& source,
                                                 const TextEncoder& encoder, const SampleShape& shape) {
  if (shape.seqlen < 2) throw Error(fmt::format("dataset seqlen {} is too short; expected at least 2", shape.seqlen));
  return source.concat ? concat_samples(texts, source, encoder, shape) : plain_samples(texts, source, encoder, shape);
}

}  // namespace ar::data
