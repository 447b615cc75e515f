#pragma once
// Server-side randomness (the kernel's getrandom): ids of claims, redemptions and tickets,
// token nonces, generated secrets. The core never draws randomness itself (DESIGN.md §3).
#include <string>

namespace pkserver {

std::string random_bytes(std::size_t n);
// prefix + 16 base32 characters (80 random bits): "c_K3J7...".
std::string random_id(const char* prefix);

}  // namespace pkserver
