# Sourced by bench/<name>/run.sh: sets root, smoke ("--smoke" when asked) and build (the
# optimised native tree scripts/build.sh makes), and native_targets builds bench binaries in it,
# configuring the tree first when it is missing.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
smoke=""
[[ "${1:-}" == "--smoke" ]] && smoke="--smoke"
build="$root/build/native"
native_targets() {
  [[ -f "$build/CMakeCache.txt" ]] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build "$build" -j2 --target "$@" > /dev/null
}
