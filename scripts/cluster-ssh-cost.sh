#!/bin/sh
# The added cost of one remote node per guest call (docs/benchmarks.md "Cluster"): a real sshd on
# loopback, the exact ssh options the proxmox driver uses (ProxmoxCluster.sshArgv), N calls of a remote
# command with and without connection reuse (ControlMaster). Usage: scripts/cluster-ssh-cost.sh [N]
set -eu
n=${1:-50}
dir=$(mktemp -d /tmp/phoenix-sshcost.XXXXXX)
trap 'ssh -o ControlPath="$dir/cm" -O exit x >/dev/null 2>&1 || true; kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
ssh-keygen -q -t ed25519 -N '' -f "$dir/host" && ssh-keygen -q -t ed25519 -N '' -f "$dir/client"
cp "$dir/client.pub" "$dir/authorized_keys"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user=$(id -un)
mkdir -p /run/sshd 2>/dev/null || true
cat > "$dir/sshd_config" <<CFG
ListenAddress 127.0.0.1:$port
HostKey $dir/host
AuthorizedKeysFile $dir/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
StrictModes no
UsePAM no
PidFile none
CFG
/usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>"$dir/sshd.log" & pid=$!
i=0; while ! python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null; do i=$((i+1)); [ $i -lt 50 ] || exit 1; sleep 0.1; done
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$dir/host.pub")" > "$dir/known_hosts"
common="-T -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$dir/known_hosts -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o IdentityFile=$dir/client -o ConnectTimeout=5 -o LogLevel=ERROR -p $port -l $user 127.0.0.1"
run() { # label, extra options
  label=$1; shift
  start=$(date +%s%N)
  k=0; while [ $k -lt "$n" ]; do ssh "$@" $common -- "'true'" </dev/null; k=$((k+1)); done
  end=$(date +%s%N)
  echo "$label: $n calls, $(( (end-start)/n/1000 )) us per call"
}
local_start=$(date +%s%N); k=0; while [ $k -lt "$n" ]; do /bin/true; k=$((k+1)); done; local_end=$(date +%s%N)
echo "local spawn: $n calls, $(( (local_end-local_start)/n/1000 )) us per call"
run "ssh, one connection per call" -o ControlMaster=no -o ControlPath=none
run "ssh, reused connection (ControlMaster)" -o ControlMaster=auto -o ControlPath="$dir/cm" -o ControlPersist=60
