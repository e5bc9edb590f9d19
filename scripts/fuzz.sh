#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets of fuzz/ for a given time each, one after the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 60; TARGET to every target (propfind proppatch multistatus writer). For
# each target it prints the executions, the coverage libFuzzer reached (`cov:` edges and `ft:`
# features, from its last stats line) and whether it crashed; it exits 1 when one did.
#
# - Tools: the stable toolchain and cargo-fuzz, installed here when missing
#   (`cargo install cargo-fuzz --locked`). cargo-fuzz passes `-Z` flags (the sanitizer),
#   which stable rustc accepts with RUSTC_BOOTSTRAP=1, set here for cargo-fuzz only.
# - Corpus: each target's working corpus is fuzz/corpus/<target>/ (ignored by git), kept
#   between runs; the committed seeds in fuzz/corpus-seed/<target>/ are read too. The
#   parser targets (all but writer) use the dictionary fuzz/dict/webdav.dict.
# - A crash: libFuzzer writes the input to fuzz/artifacts/<target>/ and the script prints
#   its path. Replay it with
#     cargo run --manifest-path fuzz/Cargo.toml --bin <target> -- <file>
#   (stable, no libFuzzer) or `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>`; minimise
#   it with `RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> <file>`, then save it as
#   fuzz/regressions/<target>/<short-name> (fuzz/README.md).
# - Environment: FUZZ_SANITIZER (default `address`; `none` runs about twice as fast, the
#   code under test being safe Rust), FUZZ_ARGS (more libFuzzer options, e.g. `-jobs=2`).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if [[ $# -gt 0 ]]; then shift; fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then targets=(propfind proppatch multistatus writer); fi
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
    exit 2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

logs=fuzz/artifacts/logs
mkdir -p "$logs"
crashed=0
summary=()
for target in "${targets[@]}"; do
    if [[ ! -f fuzz/fuzz_targets/$target.rs ]]; then
        echo "no target $target (see fuzz/fuzz_targets/)" >&2
        exit 2
    fi
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    dict=()
    if [[ $target != writer ]]; then dict=(-dict=fuzz/dict/webdav.dict); fi
    log=$logs/$target.log
    echo "== $target: ${seconds}s (log: $log)"
    status=0
    started=$logs/$target.started
    touch "$started"
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
    RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-address}" "$target" \
        "fuzz/corpus/$target" "fuzz/corpus-seed/$target" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 "${dict[@]}" \
        ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
    stats=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    execs=$(sed -nE 's/^stat::number_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
    if [[ -z $execs ]]; then execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$stats"); fi
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$stats")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$stats")
    rate=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$stats")
    # In fork mode with -ignore_crashes=1 libFuzzer exits 0 after crashes: count the inputs
    # it saved during the run instead.
    saved=$(find "fuzz/artifacts/$target" -maxdepth 1 -type f -newer "$started" \
        \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
    if [[ $status -eq 0 && -n $saved ]]; then
        crashed=1
        result="CRASHED (the run went on past it): $(tr '\n' ' ' <<<"$saved")"
    elif [[ $status -eq 0 ]]; then
        result="no crash"
    else
        crashed=1
        artifact=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)
        if [[ -n $artifact ]]; then
            result="CRASHED (exit $status): $artifact"
        else
            result="FAILED (exit $status), no input saved: see $log"
        fi
        tail -n 40 "$log"
    fi
    line="$target: ${execs:-?} execs (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}: $result"
    echo "$line"
    summary+=("$line")
done

echo
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$crashed"
