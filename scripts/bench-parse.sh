#!/usr/bin/env bash
# The parse bench's variants each in its own process (the heap left by one parser slows the
# next when they share one): benches/parse.rs's PARSE_ONLY driver, the fastest of
# PARSE_ROUNDS (default 20) parses of the N = 10 000 document, in ns per resource.
#
#   scripts/bench-parse.sh [VARIANT...]     # default: derive_slice derive_stream hand_tuned serde
set -euo pipefail
cd "$(dirname "$0")/.."

variants=("$@")
if [[ ${#variants[@]} -eq 0 ]]; then
    variants=(derive_slice derive_stream hand_tuned serde)
fi
bin=$(cargo bench --bench parse --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1)
if [[ -z "$bin" ]]; then
    echo "could not build the parse bench" >&2
    exit 1
fi
for v in "${variants[@]}"; do
    PARSE_ONLY=$v "$bin"
done
