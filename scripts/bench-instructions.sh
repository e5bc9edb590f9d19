#!/usr/bin/env bash
# Instructions per resource and per document of the PROPFIND benchmark's variants, and per
# request of its per-request rows, counted by valgrind's callgrind: the steady measure on a
# shared machine, where times move by 10 % from run to run.
#
#   scripts/bench-instructions.sh [VARIANT...]
#   scripts/bench-instructions.sh parse         # the parse bench's variants
#   scripts/bench-instructions.sh hostile       # benches/hostile.rs, per name
#
# VARIANT defaults to derive derive_reused_writer hand_tuned quick_xml_writer per_request
# per_request_parse_only per_request_minimal_ns_reader (see the top of benches/propfind.rs);
# parse_<variant> is a variant of benches/parse.rs (derive_slice derive_stream hand_tuned
# serde), `parse` all four.
#
# Each figure is the difference of two runs of the bench binary's PROPFIND_PROFILE driver
# that differ only in their number of rounds, so that start-up, building the resources and
# the first round's allocations cancel out:
# - per resource: N = 10 000, 3 rounds minus 2, divided by 10 000;
# - per document: N = 1 (and N = 0, the document alone), 2 000 rounds minus 1 000, divided
#   by 1 000;
# - per request (the per_request variants): 2 000 rounds minus 1 000, divided by 1 000;
# - per parsed resource (parse_*): the PARSE_ONLY driver of benches/parse.rs, N = 10 000,
#   3 rounds minus 2, divided by 10 000;
# - per name (the variant `hostile`: every row of benches/hostile.rs, through its
#   HOSTILE_PROFILE driver): the row of N names minus the same body with one name, divided
#   by N - 1.
#
# Needs valgrind (apt-get install valgrind). Takes up to a minute per variant.
set -euo pipefail
cd "$(dirname "$0")/.."

variants=("$@")
if [[ ${#variants[@]} -eq 0 ]]; then
    variants=(derive derive_reused_writer hand_tuned quick_xml_writer
        per_request per_request_parse_only per_request_minimal_ns_reader)
fi

if [[ ${variants[*]} == parse ]]; then
    variants=(parse_derive_slice parse_derive_stream parse_hand_tuned parse_serde)
fi

# bench_binary NAME: builds the bench and prints its executable.
bench_binary() {
    local bin
    bin=$(cargo bench --bench "$1" --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1)
    if [[ -z "$bin" ]]; then
        echo "could not build the $1 bench" >&2
        exit 1
    fi
    echo "$bin"
}

# hostile_rows: instructions per name of each row of benches/hostile.rs.
hostile_rows() {
    local hbin row n low high
    hbin=$(bench_binary hostile)
    for row in proppatch:1000 proppatch:10000 proppatch:99997 \
        propfind_unknown:1000 propfind_unknown:10000 propfind_unknown:99997 \
        propfind_namespaces:1000 propfind_namespaces:10000 propfind_namespaces:52418; do
        n=${row#*:}
        low=$(HOSTILE_PROFILE=${row%:*}:1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$hbin" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
        high=$(HOSTILE_PROFILE=$row valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$hbin" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
        printf '%-32s %8s instructions per name\n' "$row" $(((high - low) / (n - 1)))
    done
}

if [[ "${variants[*]}" == hostile ]]; then
    hostile_rows
    exit 0
fi

bin=$(bench_binary propfind)
parse_bin=$(bench_binary parse)

# instructions VARIANT N ROUNDS: the instructions of one run of the driver.
instructions() {
    PROPFIND_PROFILE=$1 PROPFIND_N=$2 PROPFIND_ROUNDS=$3 \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# per VARIANT N LOW HIGH DIVISOR: (run with HIGH rounds - run with LOW rounds) / DIVISOR.
per() {
    local low high
    low=$(instructions "$1" "$2" "$3")
    high=$(instructions "$1" "$2" "$4")
    echo $(((high - low) / $5))
}

# parse_instructions VARIANT ROUNDS: the instructions of one run of the parse driver.
parse_instructions() {
    PARSE_ONLY=$1 PARSE_ROUNDS=$2 PARSE_QUIET=1 \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$parse_bin" 2>&1 \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

for v in "${variants[@]}"; do
    case $v in
        parse_*)
            low=$(parse_instructions "${v#parse_}" 2)
            high=$(parse_instructions "${v#parse_}" 3)
            printf '%-32s %8s instructions per parsed resource (N = 10 000)\n' "$v" \
                $(((high - low) / 10000))
            ;;
        per_request*)
            printf '%-32s %8s instructions per request\n' "$v" "$(per "$v" 0 1000 2000 1000)"
            ;;
        *)
            printf '%-32s %8s per resource (N = 10 000), %8s per one-resource document, %6s per empty document\n' \
                "$v" "$(per "$v" 10000 2 3 10000)" "$(per "$v" 1 1000 2000 1000)" \
                "$(per "$v" 0 1000 2000 1000)"
            ;;
    esac
done
