#include "ids.hpp"

#include <sys/random.h>

#include <cerrno>
#include <stdexcept>

#include "promokit/crypto.hpp"

namespace pkserver {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(out.data() + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    got += static_cast<std::size_t>(r);
  }
  return out;
}

std::string random_id(const char* prefix) {
  return prefix + promokit::crypto::base32_encode(random_bytes(10));
}

}  // namespace pkserver
