#!/usr/bin/env bash
# The file server example against Apache httpd's mod_dav_fs, in one run on this machine:
#
# - PROPFIND `Depth: 1` allprop on a folder of 1 000 files (a quarter of the names need
#   percent-encoding), with wrk on keep-alive connections, at concurrency 1 and 4;
# - one PROPFIND `Depth: 1` allprop on a folder of 10 000 files with curl: time to the
#   first byte, total time, and the server's peak resident memory (VmHWM in /proc).
#
# Both servers serve the same files on loopback ports; Apache runs from a private
# configuration (its own ServerRoot, PidFile and logs in a temporary directory, the event
# MPM, `Dav On`). Installs wrk, curl and apache2 with apt-get when missing.
#
#   scripts/bench-server.sh [SECONDS]     (each wrk run; default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}

scratch=$(mktemp -d)
ours_pid=
cleanup() {
    [[ -n $ours_pid ]] && { kill "$ours_pid" 2>/dev/null || true; wait "$ours_pid" 2>/dev/null || true; }
    [[ -f $scratch/apache/httpd.pid ]] && apache2 -f "$scratch/apache/httpd.conf" -k stop 2>/dev/null || true
    sleep 0.5
    rm -rf "$scratch"
}
trap cleanup EXIT

need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
need wrk wrk
need curl curl
need apache2 apache2

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- the data: the same files for both servers ------------------------------------------------
data="$scratch/data"
mkdir -p "$data/1000" "$data/10000"
make_files() { # make_files DIR COUNT
    local dir=$1 count=$2 i
    for ((i = 0; i < count; i++)); do
        if ((i % 4 == 0)); then
            printf 'x%.0s' $(seq $((i % 100 + 1))) >"$dir/Report $i (final) – été & co.txt"
        else
            printf 'x%.0s' $(seq $((i % 100 + 1))) >"$dir/file-$i.txt"
        fi
    done
}
echo "bench: making 1 000 and 10 000 files"
make_files "$data/1000" 1000
make_files "$data/10000" 10000
chmod a+rx "$scratch"
chmod -R a+rX "$data"

body='<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'
cat >"$scratch/propfind.lua" <<EOF
wrk.method = "PROPFIND"
wrk.headers["Depth"] = "1"
wrk.headers["Content-Type"] = "application/xml"
wrk.body = '$body'
EOF

# --- our server -------------------------------------------------------------------------------
echo "bench: building the example (release)"
cargo build --quiet --release --example fileserver
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
ours_port=$(free_port)
"$target_dir/release/examples/fileserver" --root "$data" --port "$ours_port" >"$scratch/ours.log" 2>&1 &
ours_pid=$!

# --- Apache -----------------------------------------------------------------------------------
apache_port=$(free_port)
mkdir -p "$scratch/apache/lock"
chown -R www-data:www-data "$scratch/apache/lock"
modules=/usr/lib/apache2/modules
cat >"$scratch/apache/httpd.conf" <<EOF
ServerRoot $scratch/apache
ServerName 127.0.0.1
Listen 127.0.0.1:$apache_port
PidFile $scratch/apache/httpd.pid
ErrorLog $scratch/apache/error.log
LogLevel warn
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule mime_module $modules/mod_mime.so
LoadModule dav_module $modules/mod_dav.so
LoadModule dav_fs_module $modules/mod_dav_fs.so
TypesConfig /etc/mime.types
User www-data
Group www-data
KeepAlive On
MaxKeepAliveRequests 0
DocumentRoot $data
DavLockDB $scratch/apache/lock/DavLock
<Directory $data>
    Dav On
    Require all granted
</Directory>
EOF
apache2 -f "$scratch/apache/httpd.conf" -k start

wait_for() { # wait_for PORT
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$1/" && return
        sleep 0.1
    done
    echo "bench: nothing answers on port $1" >&2
    exit 1
}
wait_for "$ours_port"
wait_for "$apache_port"

# --- measurements -----------------------------------------------------------------------------
rps() { # rps PORT CONNECTIONS: requests per second
    local threads=$2
    ((threads > 2)) && threads=2
    # Warm the caches first.
    wrk -t1 -c1 -d1s -s "$scratch/propfind.lua" "http://127.0.0.1:$1/1000/" >/dev/null
    wrk -t"$threads" -c"$2" -d"${seconds}s" -s "$scratch/propfind.lua" "http://127.0.0.1:$1/1000/" |
        awk '/Requests\/sec/ { print $2 }'
}

single() { # single PORT: time to first byte, total time (ms), bytes
    curl -s -o /dev/null -X PROPFIND -H 'Depth: 1' -H 'Content-Type: application/xml' --data "$body" \
        -w '%{time_starttransfer} %{time_total} %{size_download}\n' "http://127.0.0.1:$1/10000/" |
        awk '{ printf "%.1f %.1f %d\n", $1 * 1000, $2 * 1000, $3 }'
}

best_single() { # best_single PORT: the fastest of 5 (by total time)
    for _ in 1 2 3 4 5; do single "$1"; done | sort -n -k2 | head -n 1
}

peak_rss() { # peak_rss PID...: the largest VmHWM, in MiB
    local max=0 pid kb
    for pid in "$@"; do
        kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
        ((kb > max)) && max=$kb
    done
    awk -v kb="$max" 'BEGIN { printf "%.1f\n", kb / 1024 }'
}

apache_pids() {
    pgrep -P "$(cat "$scratch/apache/httpd.pid")" || true
    cat "$scratch/apache/httpd.pid"
}

echo "bench: answers of the two servers (1 000 files)"
for port in "$ours_port" "$apache_port"; do
    n=$(curl -s -X PROPFIND -H 'Depth: 1' -H 'Content-Type: application/xml' --data "$body" \
        "http://127.0.0.1:$port/1000/" | grep -o '<D:response' | wc -l || true)
    echo "  port $port: $n responses"
    ((n == 1001)) || { echo "bench: expected 1 001 responses" >&2; exit 1; }
done

echo "bench: wrk, ${seconds}s each"
ours_c1=$(rps "$ours_port" 1)
apache_c1=$(rps "$apache_port" 1)
ours_c4=$(rps "$ours_port" 4)
apache_c4=$(rps "$apache_port" 4)

echo "bench: PROPFIND Depth: 1 on 10 000 files (fastest of 5)"
read -r ours_ttfb ours_total ours_bytes < <(best_single "$ours_port")
read -r apache_ttfb apache_total apache_bytes < <(best_single "$apache_port")
ours_rss=$(peak_rss "$ours_pid")
# shellcheck disable=SC2046
apache_rss=$(peak_rss $(apache_pids))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| measurement | fileserver example | Apache mod_dav_fs | ratio |"
echo "|---|---|---|---|"
echo "| 1 000 files, req/s, c=1 | $ours_c1 | $apache_c1 | $(ratio "$ours_c1" "$apache_c1")× |"
echo "| 1 000 files, req/s, c=4 | $ours_c4 | $apache_c4 | $(ratio "$ours_c4" "$apache_c4")× |"
echo "| 10 000 files, time to first byte | $ours_ttfb ms | $apache_ttfb ms | |"
echo "| 10 000 files, total | $ours_total ms | $apache_total ms | $(ratio "$apache_total" "$ours_total")× faster |"
echo "| 10 000 files, body | $ours_bytes bytes | $apache_bytes bytes | |"
echo "| peak RSS (VmHWM, whole run) | $ours_rss MiB | $apache_rss MiB (largest process) | |"
