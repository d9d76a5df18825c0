#!/usr/bin/env bash
# Cost of one chat delivery (a line reaching one member) inside each chat server: user-space
# instructions (callgrind) and system calls (strace), by differencing two fixed-count runs.
#
# Requires valgrind and strace on PATH, and Linux. Builds bench in release mode if needed.
#
# How: the same as cost_per_round_trip.sh, for `bench chat-server --impl X` and the chat load
# client. For each server, under each tool, run the load client twice, with K1 and then K2 lines
# per sender, a fresh server each time. Joining, syncing and shutdown are the same in both runs, so
#
#     cost per delivery = (count in the K2 run - count in the K1 run) / deliveries(K2 - K1)
#
# with deliveries(k) = k x senders x (clients - 1). The load client runs outside the tools; only
# the server is counted. The default is the closed loop (window 1): a sender's next line waits
# until its previous one reached everyone, the regime where per-wake costs are paid in full.
#
# Usage:
#   bench/scripts/cost_per_delivery.sh [-i "ours tokio"] [-c CLIENTS] [-n SENDERS] [-w WINDOW]
#                                      [-a K1] [-b K2]
# Defaults: both servers, 100 clients, 1 sender, window 1, K1=100, K2=400. Prints a markdown
# table, then system calls per delivery by name. BENCH=path/to/bench measures that binary as it
# is (an earlier build, to compare a change), without building.
set -euo pipefail

impls="ours tokio"
clients=100
senders=1
window=1
k1=100
k2=400
while getopts "i:c:n:w:a:b:h" opt; do
    case "$opt" in
        i) impls=$OPTARG ;;
        c) clients=$OPTARG ;;
        n) senders=$OPTARG ;;
        w) window=$OPTARG ;;
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
# BENCH=path/to/bench measures that binary as it is (an earlier build, say), without building.
if [[ -n ${BENCH:-} ]]; then
    bench=$BENCH
else
    bench=$target/release/bench
    (cd "$root" && CARGO_TARGET_DIR=$target cargo build --release -p bench --quiet)
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# run_once TOOL IMPL K OUT: one server under TOOL, one load client run of K lines per sender; the
# tool's raw output lands in OUT. Returns 3 if the server has no such implementation yet.
run_once() {
    local tool=$1 impl=$2 k=$3 out=$4
    local log=$work/server.log
    : >"$log"
    case "$tool" in
        callgrind) valgrind --tool=callgrind --callgrind-out-file="$out" \
                       "$bench" chat-server --impl "$impl" >"$log" 2>"$work/tool.err" & ;;
        strace) strace -f -c -o "$out" \
                    "$bench" chat-server --impl "$impl" >"$log" 2>"$work/tool.err" & ;;
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
    "$bench" chat-client --addr "$addr" --clients "$clients" --senders "$senders" \
        --messages "$k" --window "$window" --timeout-secs 900 >/dev/null
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

deliveries=$(((k2 - k1) * senders * (clients - 1)))
per_delivery() { awk -v a="$1" -v b="$2" -v d="$deliveries" 'BEGIN { printf "%.2f", (b - a) / d }'; }

echo "Chat cost per delivery: $clients clients, $senders sending, window $window," \
    "difference of $k1 and $k2 lines per sender ($deliveries deliveries). $(nproc) cores."
echo
echo "| server | user-space instructions/delivery | system calls/delivery |"
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
    ir=$(per_delivery "$(instructions "$work/cg.$impl.1")" "$(instructions "$work/cg.$impl.2")")
    sc=$(per_delivery "$(syscalls "$work/st.$impl.1")" "$(syscalls "$work/st.$impl.2")")
    echo "| $impl | $ir | $sc |"
    by_name=$(join -a 2 -e 0 -o 0,1.2,2.2 \
        <(syscalls_by_name "$work/st.$impl.1" | sort) \
        <(syscalls_by_name "$work/st.$impl.2" | sort) |
        awk -v d="$deliveries" '{ n = ($3 - $2) / d; if (n >= 0.005) printf "%s %.3f\n", $1, n }' |
        sort -k2 -n -r | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
    details+="- $impl: $by_name"$'\n'
done
echo
echo "System calls per delivery, by name (at least 0.005):"
printf '%s' "$details"
