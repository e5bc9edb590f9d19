#!/usr/bin/env bash
# Interoperability of the file server example (examples/fileserver) with real WebDAV clients:
#
# 1. litmus, the WebDAV conformance suite (Debian package `litmus`): the `basic`, `copymove`,
#    `props` and `locks` suites against the example over a fresh directory. Required: no
#    failure and no warning.
# 2. cadaver (Debian package `cadaver`), a command-line client: upload, list, rename, set a
#    property and read it back, lock, discover the lock, write under it, unlock, download,
#    delete, each step's output checked.
# 3. The propfind client example (examples/propfind.rs): the share listed at Depth 1 (a
#    file whose name needs percent-encoding, a folder) and at Depth 0 with named
#    properties, each row of its table checked.
#
# Installs what is missing with apt-get (CI runs as root on a machine with only the Rust
# toolchain). Prints `N passed, N failed` for each litmus suite and in all; exits non-zero
# on any problem.
#
#   scripts/interop.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Anything started or made here goes when the script ends, however it ends.
scratch=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT

fail() {
    echo "interop: $*" >&2
    exit 1
}

need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    echo "interop: installing $2"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$2" >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; } ||
        fail "could not install $2"
}
need litmus litmus
need cadaver cadaver

echo "interop: building the examples"
cargo build --quiet --example fileserver --example propfind
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
server="$target_dir/debug/examples/fileserver"
client="$target_dir/debug/examples/propfind"
[[ -x $server ]] || fail "no server binary at $server"
[[ -x $client ]] || fail "no client binary at $client"

# Starts the server over a fresh directory on a free loopback port; sets $url.
start_server() {
    local root="$scratch/$1" log="$scratch/$1.log"
    mkdir -p "$root"
    "$server" --root "$root" --port 0 >"$log" 2>&1 &
    server_pid=$!
    url=
    for _ in $(seq 100); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -n 1 || true)
        [[ -n $url ]] && return
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; fail "the server did not start"; }
        sleep 0.1
    done
    fail "the server did not print its URL"
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

# --- litmus -----------------------------------------------------------------------------------
start_server litmus
suites="basic copymove props locks"
echo "interop: litmus $suites against $url"
mkdir "$scratch/litmus-run"
litmus_log="$scratch/litmus.txt"
(cd "$scratch/litmus-run" && TESTS="$suites" timeout 300 litmus "$url" >"$litmus_log" 2>&1) || true
stop_server
cat "$litmus_log"

echo
passed=0
failed=0
ran=0
while read -r suite p f; do
    echo "litmus $suite: $p passed, $f failed"
    passed=$((passed + p))
    failed=$((failed + f))
    ran=$((ran + 1))
done < <(sed -n "s/.*summary for \`\([a-z]*\)': of [0-9]* tests run: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2 \3/p" "$litmus_log")
warnings=$(grep -cE 'WARNING|warnings? (was|were) issued' "$litmus_log" || true)
echo "litmus: $passed passed, $failed failed, $warnings warnings"
[[ $ran == 4 ]] || fail "litmus ran $ran suites of 4"
[[ $failed == 0 ]] || fail "litmus: $failed failed"
[[ $warnings == 0 ]] || fail "litmus: $warnings warnings"

# --- cadaver ----------------------------------------------------------------------------------
start_server cadaver
echo
echo "interop: a cadaver session against $url"
work="$scratch/cadaver-run"
mkdir "$work"
printf 'hello from cadaver\n' >"$work/local file.txt"
(cd "$work" && timeout 60 cadaver "$url" >"$scratch/cadaver.txt" 2>&1 <<'EOF') || true
put "local file.txt" "notes é.txt"
ls
move "notes é.txt" "renamed é.txt"
propset "renamed é.txt" color blue
propget "renamed é.txt" color
lock "renamed é.txt"
discover "renamed é.txt"
put "local file.txt" "renamed é.txt"
unlock "renamed é.txt"
discover "renamed é.txt"
get "renamed é.txt" back.txt
delete "renamed é.txt"
ls
quit
EOF
cat "$scratch/cadaver.txt"
session="$scratch/cadaver.txt"
check() { # check DESCRIPTION PATTERN
    grep -qF -- "$2" "$session" || fail "cadaver: $1 (expected \"$2\")"
    echo "  ok: $1"
}
check "upload" "Uploading local file.txt to \`/notes%20%c3%a9.txt': [.. succeeded."
check "list" "notes é.txt                          19"
check "rename" "Moving \`/notes é.txt' to \`/renamed é.txt':  succeeded."
check "set a property" "Setting property on \`renamed é.txt': succeeded."
check "read it back" "Value of color is: blue"
check "lock" "Locking \`renamed é.txt': succeeded."
check "discover the lock" "Scope: exclusive  Type: write  Timeout: 3600 seconds"
check "write under the lock" "Uploading local file.txt to \`/renamed%20%c3%a9.txt': [.. succeeded."
check "unlock" "Unlocking \`renamed é.txt': succeeded."
check "no lock left" "Discovering locks on \`renamed é.txt': no locks found."
check "download" "Downloading \`/renamed é.txt' to back.txt: [.. succeeded."
check "delete" "Deleting \`renamed é.txt': succeeded."
check "list after delete" "collection is empty."
cmp -s "$work/local file.txt" "$work/back.txt" || fail "cadaver: the downloaded file differs"
echo "  ok: the downloaded file is the uploaded one"
[[ -z $(ls -A "$scratch/cadaver" | grep -v '^\.dav-properties\.redb$' || true) ]] ||
    fail "cadaver: the share is not empty after the delete"
echo "  ok: the share is empty"
stop_server

# --- the propfind example against the file server --------------------------------------------
start_server client
echo
echo "interop: the propfind example against $url"
printf 'hello\n' >"$scratch/client/hello é.txt"
mkdir "$scratch/client/Sub dir"
session="$scratch/client.txt"
{
    timeout 60 "$client" "$url" --depth 1 &&
        timeout 60 "$client" "$url" --depth 0 --prop getcontentlength --prop DAV:resourcetype
} >"$session" 2>&1 || { cat "$session"; fail "propfind: the client failed"; }
cat "$session"
row() { # row DESCRIPTION REGEX: a line of the table matches
    grep -qE -- "$2" "$session" || fail "propfind: $1 (expected a line matching /$2/)"
    echo "  ok: $1"
}
row "the collection" '^/ +.* dir '
row "a file: href, name, size" '^/hello é\.txt +hello é\.txt +6 '
row "a folder" '^/Sub dir/ +Sub dir +.* dir '
row "named properties, Depth 0" '^/ +.* dir *$'
[[ $(grep -c '^/' "$session") == 4 ]] || fail "propfind: expected 3 + 1 rows"
echo "  ok: 3 rows at Depth 1, 1 at Depth 0"
stop_server
echo "interop: all checks passed"
