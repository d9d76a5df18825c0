#!/usr/bin/env bash
# Cost of one echo round trip inside each echo server: user-space instructions (callgrind) and
# system calls (strace), by differencing two fixed-count runs.
#
# Requires valgrind and strace on PATH, and Linux. Builds bench in release mode if needed.
#
# How: for each server (`bench echo-server --impl X`), under each tool, run the same load client
# twice, with K1 and then K2 round trips, a fresh server each time. Start-up, accepting the
# connections, and shutdown are the same in both runs, so
#
#     cost per round trip = (count in the K2 run - count in the K1 run) / (K2 - K1)
#
# is the steady-state cost alone. The load client runs outside the tools, at full speed; only the
# server is counted. A server is stopped with SIGTERM after its client finishes; both tools still
# write their totals when the process they watch dies of a signal.
#
# The client pauses (-p, 1000 µs by default) between an echo and the next message, so each message
# finds the server asleep in epoll_wait: the whole path from readiness to the task and back runs
# once per round trip. Without the pause, a server slowed down by the tool always finds the next
# message already waiting when it reads again, and the figures describe a server that never
# sleeps; `-p 0 -c 100` measures that busy regime on purpose.
#
# Usage:
#   bench/scripts/cost_per_round_trip.sh [-i "ours tokio mio"] [-c CONNS] [-s SIZE] [-p PAUSE_US]
#                                        [-a K1] [-b K2]
# Defaults: all three servers (those not available yet are skipped), 1 connection, 64 bytes,
# 1000 µs pause, K1=1000, K2=3000. Prints a markdown table, then system calls per round trip by
# name. Takes about half a minute, mostly pauses and valgrind start-up.
set -euo pipefail

impls="ours tokio mio"
conns=1
size=64
pause=1000
k1=1000
k2=3000
while getopts "i:c:s:p:a:b:h" opt; do
    case "$opt" in
        i) impls=$OPTARG ;;
        c) conns=$OPTARG ;;
        s) size=$OPTARG ;;
        p) pause=$OPTARG ;;
        a) k1=$OPTARG ;;
        b) k2=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done
((k2 > k1)) || { echo "need K2 > K1" >&2; exit 2; }
for tool in valgrind strace; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
bench=$target/release/bench
(cd "$root" && CARGO_TARGET_DIR=$target cargo build --release -p bench --quiet)

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# run_once TOOL IMPL K OUT: one server under TOOL, one load client run of K round trips; the
# tool's raw output lands in OUT. Returns 3 if the server has no such implementation yet.
run_once() {
    local tool=$1 impl=$2 k=$3 out=$4
    local log=$work/server.log
    : >"$log"
    case "$tool" in
        callgrind) valgrind --tool=callgrind --callgrind-out-file="$out" \
                       "$bench" echo-server --impl "$impl" >"$log" 2>"$work/tool.err" & ;;
        strace) strace -f -c -o "$out" \
                    "$bench" echo-server --impl "$impl" >"$log" 2>"$work/tool.err" & ;;
    esac
    local tool_pid=$!
    # The server prints `listening ADDR pid PID` once it is ready; under valgrind that can take
    # seconds. PID is the server itself, which under strace is not the job's PID.
    for _ in $(seq 600); do
        grep -q '^listening ' "$log" && break
        if ! kill -0 "$tool_pid" 2>/dev/null; then
            wait "$tool_pid" || true
            return 3
        fi
        sleep 0.1
    done
    read -r _ addr _ server_pid <"$log"
    "$bench" load-client --addr "$addr" --conns "$conns" --size "$size" --round-trips "$k" \
        --pause-us "$pause" --timeout-secs 600 >/dev/null
    kill -TERM "$server_pid"
    wait "$tool_pid" || true
    server_pid=""
}

# Total instructions executed (event Ir) from a callgrind output file.
instructions() { awk '/^(summary|totals):/ { print $2; exit }' "$1"; }

# Total system calls from an `strace -c` table: the `calls` column of the `total` row.
syscalls() { awk '$NF == "total" { print $4; exit }' "$1"; }

# `NAME CALLS` per line from an `strace -c` table.
syscalls_by_name() {
    awk '/^-/ { table = 1; next } table && $NF != "total" && NF >= 5 { print $NF, $4 }' "$1"
}

per_rt() { awk -v a="$1" -v b="$2" -v d="$((k2 - k1))" 'BEGIN { printf "%.1f", (b - a) / d }'; }

echo "Echo cost per round trip: $conns connection(s), $size-byte messages, $pause µs pause," \
    "difference of $k1 and $k2 round trips. $(nproc) cores."
echo
echo "| server | user-space instructions/rt | system calls/rt |"
echo "|---|---|---|"
details=""
for impl in $impls; do
    if ! run_once callgrind "$impl" "$k1" "$work/cg.$impl.1"; then
        echo "| $impl | n/a | n/a |"
        continue
    fi
    run_once callgrind "$impl" "$k2" "$work/cg.$impl.2"
    run_once strace "$impl" "$k1" "$work/st.$impl.1"
    run_once strace "$impl" "$k2" "$work/st.$impl.2"
    ir=$(per_rt "$(instructions "$work/cg.$impl.1")" "$(instructions "$work/cg.$impl.2")")
    sc=$(per_rt "$(syscalls "$work/st.$impl.1")" "$(syscalls "$work/st.$impl.2")")
    echo "| $impl | $ir | $sc |"
    by_name=$(join -a 2 -e 0 -o 0,1.2,2.2 \
        <(syscalls_by_name "$work/st.$impl.1" | sort) \
        <(syscalls_by_name "$work/st.$impl.2" | sort) |
        awk -v d="$((k2 - k1))" '{ n = ($3 - $2) / d; if (n >= 0.05) printf "%s %.2f\n", $1, n }' |
        sort -k2 -n -r | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
    details+="- $impl: $by_name"$'\n'
done
echo
echo "System calls per round trip, by name (at least 0.05):"
printf '%s' "$details"
