#!/usr/bin/env bash
# Sets up a single-node Slurm cluster on THIS machine, for testing the PolicyMiner job scripts
# (tests/slurm/run-slurm-test.sh) — not for production: a real cluster is configured by its administrators.
#
# What it does (needs root, Debian/Ubuntu):
#   1. installs the Debian packages slurmd, slurmctld, slurm-client and munge if they are missing;
#   2. creates a munge key if there is none and starts munged (Slurm's authentication daemon);
#   3. writes /etc/slurm/slurm.conf: one node (this machine, with the CPUs and memory `slurmd -C` reports) in one
#      partition `debug`; process tracking by /proc (proctrack/linuxproc, task/none) so it also works in containers
#      without a writable cgroup hierarchy — jobs are scheduled by CPUs and memory but not confined;
#   4. starts slurmctld and slurmd (stopping the ones a previous run of this script started, by their pid files)
#      and waits until `sinfo` shows the node idle.
# It refuses to overwrite a slurm.conf that it did not write itself (an existing cluster's configuration).
# Idempotent: run it again to restart the daemons with a fresh configuration.
#
# Usage: sudo bash tests/slurm/setup-slurm.sh        (prints the node line and `sinfo` at the end)
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MARK="# Written by PolicyMiner tests/slurm/setup-slurm.sh"
LOGDIR=/var/log/slurm
STATE=/var/lib/slurm/slurmctld
SPOOL=/var/lib/slurm/slurmd

say() { echo "setup-slurm: $*" >&2; }
die() { echo "setup-slurm: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (it installs packages and starts system daemons); try: sudo bash $0"

# 1. packages
need=()
for pkg in slurmd slurmctld slurm-client munge; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 \
    || die "apt-get could not install ${need[*]}; check the network / apt sources and run again"
fi

# 2. munge: key + daemon. The Debian package normally creates the key; a copied image may lack it.
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  say "creating /etc/munge/munge.key"
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
fi
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.2; done
  munge -n | unmunge >/dev/null || die "munged does not answer (see /var/log/munge/munged.log)"
fi

# 3. slurm.conf
if [ -e "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
  die "$CONF exists and was not written by this script (a real cluster's configuration?); not touching it. \
Move it away first if this machine is meant to be a throw-away test node."
fi
host=$(hostname -s)
# `slurmd -C` prints this machine's node line (CPUs, sockets, cores, threads, RealMemory) as slurmd will detect it;
# configuring exactly that keeps the node from being drained for "Low RealMemory" or a CPU mismatch.
nodeline=$(slurmd -C | head -1)
case "$nodeline" in NodeName=*) ;; *) die "slurmd -C printed no node line: $nodeline" ;; esac
install -d -o slurm -g slurm -m 0755 "$LOGDIR" "$STATE" "$SPOOL"
tmp=$(mktemp "$CONF.XXXXXX")
cat >"$tmp" <<EOF
$MARK at $(date -u +%Y-%m-%dT%H:%M:%SZ); run the script again to rewrite it.
ClusterName=policyminer-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOGDIR/slurmctld.log
SlurmdLogFile=$LOGDIR/slurmd.log
# No cgroups: processes are tracked through /proc, tasks are not pinned or confined (works in containers).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
# CPUs and memory are consumable, so array tasks share the node as a cluster would give them cores.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
# Short timers: a test wants the node up and finished jobs cleared quickly.
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
KillWait=10
Waittime=0
$nodeline NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
chmod 0644 "$tmp"
mv "$tmp" "$CONF"
say "wrote $CONF: $nodeline"

# 4. daemons: stop the ones started before (by pid file only), then start fresh.
stop_pidfile() {
  local f=$1 pid
  [ -s "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $(basename "$f" .pid) (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$f"
}
stop_pidfile /run/slurmd.pid
stop_pidfile /run/slurmctld.pid
# -i: ignore unreadable state from an older configuration instead of refusing to start.
/usr/sbin/slurmctld -i || die "slurmctld did not start; see $LOGDIR/slurmctld.log"
/usr/sbin/slurmd || die "slurmd did not start; see $LOGDIR/slurmd.log"

node=${nodeline%% *}; node=${node#NodeName=}
state=""
for i in $(seq 1 60); do
  state=$(sinfo -h -N -n "$node" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  # a node left drained/down by an earlier configuration comes back with RESUME
  case "$state" in down*|drain*) scontrol update NodeName="$node" State=RESUME 2>/dev/null || true ;; esac
  sleep 1
done
if [ "$state" != idle ]; then
  echo "--- slurmctld.log (tail) ---" >&2; tail -20 "$LOGDIR/slurmctld.log" >&2 || true
  echo "--- slurmd.log (tail) ---" >&2; tail -20 "$LOGDIR/slurmd.log" >&2 || true
  die "node $node is '${state:-unknown}', not idle, after 60 s (logs above)"
fi
say "node $node idle after ${i} s"
sinfo
