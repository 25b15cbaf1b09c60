#!/usr/bin/env bash
# Runs tools/cpsat/curtois_cpsat.py on Curtois instances, checks every roster it writes with
# `rotaflow evaluate`, and collects the results into one CSV file with a header comment giving
# the date, the machine and the command.
#
# Usage (from the workspace root):
#   tools/cpsat/run_all.sh OUT.csv SECONDS WORKERS INSTANCE.txt...
# Environment: PYTHON (default python3), ROTAFLOW (default target/release/rotaflow),
# WORK (folder for scenarios and rosters; default a new temporary folder).
#
# Columns: instance, objective (CP-SAT, recomputed from the roster), bound (CP-SAT's best
# bound), status, seconds, workers, time_limit, then rotaflow_hard and rotaflow_soft: the
# hard and soft score `rotaflow evaluate` gives the roster (soft must equal objective).
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 OUT.csv SECONDS WORKERS INSTANCE.txt..." >&2
    exit 2
fi
out=$1
seconds=$2
workers=$3
shift 3
python=${PYTHON:-python3}
rotaflow=${ROTAFLOW:-target/release/rotaflow}
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

[ -x "$rotaflow" ] || { echo "error: $rotaflow not found: run cargo build --release first" >&2; exit 1; }

tmp="$out.$$.tmp"
{
    echo "# CP-SAT (OR-Tools $("$python" -c 'import ortools; print(ortools.__version__)')) on Curtois & Qu instances, $seconds s, $workers workers"
    echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# machine: nproc=$(nproc), cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/Mem:/ {print $2}') GiB (shared with other work while it ran)"
    echo "# command: tools/cpsat/run_all.sh $out $seconds $workers $*"
    echo "#   = per instance: $python tools/cpsat/curtois_cpsat.py INSTANCE --time-limit $seconds --workers $workers --roster ROSTER (subsolvers: the default, max_lp),"
    echo "#     then rotaflow import curtois INSTANCE --out DIR and rotaflow evaluate DIR --roster ROSTER --json"
    echo "instance,objective,bound,status,seconds,workers,time_limit,rotaflow_hard,rotaflow_soft"
} > "$tmp"

for file in "$@"; do
    name=$(basename "$file" .txt)
    roster="$work/$name-roster.csv"
    rm -f "$roster"
    line=$("$python" "$here/curtois_cpsat.py" "$file" --time-limit "$seconds" --workers "$workers" --roster "$roster") || {
        echo "error: the CP-SAT script failed on $file" >&2
        exit 1
    }
    hard=""
    soft=""
    if [ -f "$roster" ]; then
        "$rotaflow" import curtois "$file" --out "$work/$name" > /dev/null
        json=$("$rotaflow" evaluate "$work/$name" --roster "$roster" --json)
        hard=$(printf '%s' "$json" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["hard"])')
        soft=$(printf '%s' "$json" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["soft"])')
        objective=$(printf '%s' "$line" | cut -d, -f2)
        if [ "$soft" != "$objective" ] || [ "$hard" != "0" ]; then
            echo "error: $name: CP-SAT says $objective, rotaflow evaluate says $hard hard / $soft soft" >&2
            exit 1
        fi
    fi
    echo "$line,$hard,$soft" | tee -a "$tmp"
done
mv "$tmp" "$out"
echo "wrote $out" >&2
