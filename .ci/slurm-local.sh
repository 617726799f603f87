#!/usr/bin/env bash
# A one-node Slurm cluster on this machine (slurmctld + slurmd + munge on localhost), then
# the batch of docs/CLUSTER.md as a job array of 4 shards, merged and compared byte for
# byte with the unsharded batch. Run as root from the repository: bash .ci/slurm-local.sh
# Environment: RUNS (default 20000), SEED (default 1), RENSA (default: the release binary,
# built if missing), WORK (default: a temporary directory).
set -euo pipefail

RUNS=${RUNS:-20000}
SEED=${SEED:-1}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/rensa-slurm.XXXXXX)}
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
RENSA=${RENSA:-$TARGET/release/rensa}
mkdir -p "$WORK"
echo "== work directory: $WORK"

if [ ! -x "$RENSA" ]; then
    echo "== building rensa (release)"
    (cd "$REPO" && cargo build --release --quiet)
fi

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "== installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurmd slurmctld slurm-client munge >/dev/null
fi

H=$(hostname)
C=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/log/munge /var/lib/munge
cat > /etc/slurm/slurm.conf <<EOF
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
EOF
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
for _ in $(seq 1 30); do
    if sinfo -h -o %t 2>/dev/null | grep -q idle; then break; fi
    sleep 1
done
sinfo

cat > "$WORK/job.sh" <<EOF
#!/bin/sh
#SBATCH --job-name=rensa-batch
#SBATCH --output=$WORK/slurm-%A_%a.out
exec "$RENSA" batch --runs $RUNS --seed $SEED --threads 1 --quiet \\
    --shard "\$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT" --out "$WORK/part-\$SLURM_ARRAY_TASK_ID.csv"
EOF
chmod +x "$WORK/job.sh"

echo "== sbatch --wait --array=1-4 (runs $RUNS, seed $SEED)"
start=$(date +%s.%N)
sbatch --wait --array=1-4 "$WORK/job.sh"
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "job array took %.1f s\n", b - a }'
sacct -n -X -o JobID,State,Elapsed 2>/dev/null || squeue

echo "== merge (parts given in reverse order)"
"$RENSA" merge "$WORK/part-4.csv" "$WORK/part-3.csv" "$WORK/part-2.csv" "$WORK/part-1.csv" \
    --out "$WORK/merged.csv" --quiet
echo "== unsharded batch on this host"
"$RENSA" batch --runs "$RUNS" --seed "$SEED" --quiet --out "$WORK/whole.csv" >/dev/null
for f in merged.csv merged.csv.summary.csv; do
    w=${f/merged/whole}
    if cmp "$WORK/$f" "$WORK/$w"; then
        echo "identical: $f == $w ($(wc -c < "$WORK/$f") bytes, sha256 $(sha256sum < "$WORK/$f" | cut -c1-16))"
    else
        echo "DIFFERENT: $f and $w"
        exit 1
    fi
done
head -3 "$WORK"/slurm-*_1.out 2>/dev/null || true
echo "== OK: 4 Slurm shards merged = the unsharded batch, byte for byte"
