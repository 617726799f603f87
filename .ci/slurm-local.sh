#!/usr/bin/env bash
# The Slurm recipe of docs/CLUSTER.md, run verbatim on a one-node cluster on this machine
# (slurmctld + slurmd + munge on localhost), compared byte for byte with the unsharded
# batch. Run as root from anywhere: bash .ci/slurm-local.sh (.ci/run calls it).
# Environment: RUNS (default 4000), RENSA (default: the release binary, built if
# missing), WORK (default: a temporary directory).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
export RUNS=${RUNS:-4000}
WORK=${WORK:-$(mktemp -d /tmp/rensa-slurm.XXXXXX)}
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
export RENSA=${RENSA:-$TARGET/release/rensa}
export SCENARIO=$REPO/scenarios/telecom-ddos.ron
export RESULTS=$WORK/results
mkdir -p "$WORK"
echo "== work directory: $WORK"

if [ ! -x "$RENSA" ]; then
    echo "== building rensa (release)"
    (cd "$REPO" && cargo build --release --locked --quiet)
fi

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "== installing slurmd slurmctld slurm-client munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurmd slurmctld slurm-client munge >/dev/null
fi

# The recipe's three blocks, verbatim: the fenced block after each `slurm-local: NAME` mark.
block() {
    awk -v name="$1" '
        $0 == "<!-- slurm-local: " name " -->" { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }
    ' "$REPO/docs/CLUSTER.md"
}
for b in job.sh merge.sh submit; do
    block "$b" > "$WORK/$b"
    if [ ! -s "$WORK/$b" ]; then
        echo "docs/CLUSTER.md has no block marked slurm-local: $b"
        exit 1
    fi
done
chmod +x "$WORK/job.sh" "$WORK/merge.sh"
grep -q 'merge part-\*\.csv' "$WORK/merge.sh" || { echo "the merge block lost its glob"; exit 1; }

H=$(hostname)
C=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/log/munge /var/lib/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=$H
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
NodeName=$H CPUs=$C RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 400 /etc/munge/munge.key

# Start the daemons this script owns and stop exactly those on exit.
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    done
}
trap cleanup EXIT
echo "== starting munged, slurmctld, slurmd"
# setpriv execs munged itself, so $! is munged's own id (su would leave it orphaned).
setpriv --reuid=munge --regid=munge --init-groups munged --foreground >>"$WORK/daemons.log" 2>&1 &
PIDS+=($!)
sleep 1
slurmctld -D >>"$WORK/daemons.log" 2>&1 &
PIDS+=($!)
sleep 2
slurmd -D >>"$WORK/daemons.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
    if sinfo -h -o %t 2>/dev/null | grep -q idle; then break; fi
    sleep 1
done
sinfo

# Waits until job $1 has left the queue.
wait_job() {
    for _ in $(seq 1 600); do
        if [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; then return 0; fi
        sleep 1
    done
    echo "job $1 did not finish"; squeue; return 1
}

echo "== the recipe (runs $RUNS, seed 1): submit as written"
cd "$WORK"
start=$(date +%s.%N)
# shellcheck disable=SC1091
. "$WORK/submit"
echo "array job $jobid, merge job $mergeid"
wait_job "$jobid"
wait_job "$mergeid"
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "array and merge took %.1f s\n", b - a }'
sacct -n -X -o JobID,JobName,State,ExitCode,Elapsed 2>/dev/null || true
cat "$WORK"/slurm-merge-*.out 2>/dev/null | head -5 || true

echo "== the unsharded batch on this host"
"$RENSA" batch "$SCENARIO" --runs "$RUNS" --seed 1 --quiet --out "$WORK/whole.csv" >/dev/null
for f in ddos.csv ddos.csv.summary.csv; do
    w=${f/ddos/whole}
    if cmp "$RESULTS/$f" "$WORK/$w"; then
        echo "identical: $f == $w ($(wc -c < "$RESULTS/$f") bytes, sha256 $(sha256sum < "$RESULTS/$f" | cut -c1-16))"
    else
        echo "DIFFERENT: $RESULTS/$f and $WORK/$w"
        exit 1
    fi
done

echo "== a missing shard: merge.sh fails and names it"
rm "$RESULTS/part-2.csv" "$RESULTS/ddos.csv"
again=$(sbatch --parsable merge.sh)
wait_job "$again"
out=$(cat "$WORK/slurm-merge-$again.out")
echo "$out"
if ! grep -q "shard 2/4 is given 0 times (missing)" <<<"$out"; then
    echo "the merge job did not name the missing shard"
    exit 1
fi
if [ -e "$RESULTS/ddos.csv" ]; then
    echo "a refused merge wrote ddos.csv"
    exit 1
fi
echo "== OK: the recipe of docs/CLUSTER.md, run verbatim on Slurm, merged = the unsharded batch, byte for byte"
