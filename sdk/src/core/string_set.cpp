#include "core/string_set.hpp"

#include "core/bytes.hpp"

namespace promokit {

namespace {
std::uint32_t hash_of(std::string_view s) noexcept { return static_cast<std::uint32_t>(mix_bytes(0, s)); }
}  // namespace

std::size_t StringSet::find_slot(std::string_view s, std::uint32_t h) const noexcept {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (; slots_[i]; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (static_cast<std::uint32_t>(slot >> 32) == h && same_bytes(at(static_cast<std::uint32_t>(slot) - 1), s)) break;
  }
  return i;
}

bool StringSet::contains(std::string_view s) const noexcept {
  return !slots_.empty() && slots_[find_slot(s, hash_of(s))] != 0;
}

std::pair<std::uint32_t, bool> StringSet::intern(std::string_view s) {
  if (slots_.empty()) slots_.assign(64, 0);
  const std::uint32_t h = hash_of(s);
  const std::size_t i = find_slot(s, h);
  if (slots_[i]) return {static_cast<std::uint32_t>(slots_[i]) - 1, false};
  bytes_.append(s);
  ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  slots_[i] = static_cast<std::uint64_t>(h) << 32 | ends_.size();
  if (2 * ends_.size() > slots_.size()) grow();
  return {static_cast<std::uint32_t>(ends_.size() - 1), true};
}

void StringSet::grow() {
  // Every string to its slot in a table twice the size: no string is compared (all differ).
  std::vector<std::uint64_t> old(2 * slots_.size(), 0);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint64_t slot : old) {
    if (!slot) continue;
    std::size_t j = (slot >> 32) & mask;
    while (slots_[j]) j = (j + 1) & mask;
    slots_[j] = slot;
  }
}

void StringSet::clear() noexcept {
  bytes_.clear();
  ends_.clear();
  slots_.clear();
}

}  // namespace promokit
