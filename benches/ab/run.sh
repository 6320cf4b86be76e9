#!/bin/sh
# Before/after timing of the Rust core: a git revision (BASE) against the working tree, in one
# process (see paired.rs). Usage: benches/ab/run.sh BASE [SHARE [PAIRS [ROWS]]]; with AB=fix,
# `gmsd-fast fix` instead of `check` (paired_fix.rs); with ALL=1, `check` keeping every finding;
# with ODD_FIRST=1, the first record's gemeentecode is another than every other record's;
# with COUNT=1, `check` making CBS's counts too (as `gmsd-fast report` does); with SHUFFLED=1,
# the records in a random order (no client's records together).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BASE [SHARE [PAIRS [ROWS]]]" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
work=${TMPDIR:-/tmp}/gmsd-fast-ab
rm -rf "$work/base" "$work/ab"
git -C "$root" worktree prune
git -C "$root" worktree add --detach --force "$work/base" "$1" >/dev/null
trap 'git -C "$root" worktree remove --force "$work/base"' EXIT
# The base under another package and library name, so that both link into one binary.
sed -i -e 's/^name = "gmsd-fast"$/name = "gmsd-fast-base"/' \
    -e 's/^name = "_gmsd_fast"$/name = "_gmsd_fast_base"/' "$work/base/Cargo.toml"
mkdir -p "$work/ab/src"
cp "$root/benches/ab/pairs.rs" "$work/ab/src/pairs.rs"
case "${AB:-check}" in
    check) cp "$root/benches/ab/paired.rs" "$work/ab/src/main.rs"
        # A base from before the output layer had its own module keeps it in `findings`.
        [ -d "$work/base/src/output" ] ||
            sed -i 's/^streamed!(base_stream, base, output);/streamed!(base_stream, base, findings);/' \
                "$work/ab/src/main.rs" ;;
    fix) cp "$root/benches/ab/paired_fix.rs" "$work/ab/src/main.rs" ;;
    *) echo "AB: check or fix" >&2; exit 2 ;;
esac
cat > "$work/ab/Cargo.toml" <<TOML
[package]
name = "gmsd-fast-ab"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
base = { package = "gmsd-fast-base", path = "$work/base" }
new = { package = "gmsd-fast", path = "$root" }

[profile.release]
codegen-units = 1
debug = 1

[workspace]
TOML
CARGO_TARGET_DIR="$work/target" cargo run --quiet --release \
    --manifest-path "$work/ab/Cargo.toml" -- "${2:-0}" "${3:-100}" "${4:-300000}"
