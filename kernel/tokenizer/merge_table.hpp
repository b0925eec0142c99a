// Open-addressing hash table from a BPE symbol pair to its merge (rank and
// resulting id). The merge lookup is the hot loop of BPE, and a flat table
// avoids the pointer chasing of std::unordered_map.
#pragma once

#include <cstdint>
#include <vector>

namespace ar::tok {

class MergeTable {
 public:
  struct Merge {
    uint32_t rank;
    int32_t new_id;
  };

  static uint64_t pair_key(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
  }

  explicit MergeTable(std::size_t expected_entries = 0) {
    std::size_t capacity = 16;
    while (capacity < expected_entries * 2) capacity *= 2;
    slots_.assign(capacity, Slot{kEmptyKey, {0, 0}});
    mask_ = capacity - 1;
  }

  // Later insertions of the same pair replace earlier ones, like a hash map insert.
  void insert_or_assign(int32_t left, int32_t right, Merge merge) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    Slot& slot = locate(pair_key(left, right));
    if (slot.key == kEmptyKey) ++size_;
    slot = Slot{pair_key(left, right), merge};
  }

  const Merge* find(int32_t left, int32_t right) const {
    const uint64_t key = pair_key(left, right);
    for (std::size_t index = mix(key) & mask_;; index = (index + 1) & mask_) {
      const Slot& slot = slots_[index];
      if (slot.key == key) return &slot.merge;
      if (slot.key == kEmptyKey) return nullptr;
    }
  }

 private:
  // Ids are non-negative int32, so this key never occurs.
  static constexpr uint64_t kEmptyKey = ~uint64_t{0};

  struct Slot {
    uint64_t key;
    Merge merge;
  };

  static uint64_t mix(uint64_t key) {  // splitmix64 finalizer
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebULL;
    return key ^ (key >> 31);
  }

  Slot& locate(uint64_t key) {
    std::size_t index = mix(key) & mask_;
    while (slots_[index].key != kEmptyKey && slots_[index].key != key) index = (index + 1) & mask_;
    return slots_[index];
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{kEmptyKey, {0, 0}});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.key != kEmptyKey) locate(slot.key) = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ar::tok
