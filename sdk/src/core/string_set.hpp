#pragma once
// A set of strings held in one arena and found through an open-addressing table of their
// hashes: an insert is a hash, usually one probe and an append. A node set
// (std::unordered_set<std::string>) pays an allocation, a copy and a pointer chase per string;
// for the engine's tracked event ids that was most of engine.track() in wasm.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace promokit {

class StringSet {
 public:
  // Adds s; false (and nothing changes) when it is there already.
  bool insert(std::string_view s) { return intern(s).second; }
  // s's position in insertion order (see at()), adding it when new (then `true`): an index of
  // rows kept beside the set, as analytics' customers are.
  std::pair<std::uint32_t, bool> intern(std::string_view s);
  bool contains(std::string_view s) const noexcept;
  std::size_t size() const noexcept { return ends_.size(); }
  // The i-th string added (insertion order); valid until the next insert.
  std::string_view at(std::size_t i) const noexcept {
    std::size_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  void clear() noexcept;

 private:
  std::size_t find_slot(std::string_view s, std::uint32_t hash) const noexcept;  // its slot or the empty one ending the probe
  void grow();
  std::string bytes_;                // every string, one after another
  std::vector<std::uint32_t> ends_;  // where string i ends in bytes_
  // hash << 32 | (i + 1), or 0 for empty; a power of two, at most half full. The hash sits in the
  // slot so that a probe of a large set costs one cache miss, not two.
  std::vector<std::uint64_t> slots_;
};

}  // namespace promokit
