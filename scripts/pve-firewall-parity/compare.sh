#!/bin/sh
# Runs the REAL pve-firewall parser and the stand-in `pve-firewall compile` on the same .fw files and
# compares their warnings (each rule's detail lines sorted: Perl prints them in hash order).
#
# Needs: the pve-common and pve-firewall sources (git archive of proxmox/pve-common f665029 and
# proxmox/pve-firewall 6f1311f, their src/ folders), and Debian's Perl libraries: libclone-perl
# libdevel-cycle-perl libencode-locale-perl libfilesys-df-perl libhttp-message-perl liblinux-inotify2-perl
# libnet-ip-perl libnetaddr-ip-perl libtimedate-perl libstring-shellquote-perl libjson-perl.
#
# Side effect: loading PVE::Firewall creates /var/lib/pve-firewall (and pve-common may create /var/log/pve);
# remove them afterwards on a machine that is not a Proxmox host.
#
# Usage: compare.sh PVE_COMMON_SRC PVE_FIREWALL_SRC FW_DIR ct:210 vm:310 ...
#   FW_DIR holds cluster.fw and <id>.fw; ct:/vm: name the guests to load (as compile loads the node's guests).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
common=$1; firewall=$2; fwdir=$(cd "$3" && pwd); shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/state/host/etc/pve/firewall"
cp "$fwdir"/*.fw "$work/state/host/etc/pve/firewall/"
guests=""
for spec in "$@"; do
    kind=${spec%%:*}; id=${spec#*:}
    [ "$kind" = ct ] && kind=lxc
    guests="$guests${guests:+,}\"$kind $id\": \"running\""
done
echo "{$guests}" > "$work/state/guests.json"
perl -I "$here/stubs" -I "$common" -I "$firewall" "$here/compile_like.pl" "$work/state/host/etc/pve/firewall" "$@" 2>&1 \
    | sed "s#$work/state/host##; s#[^ ]*PVE/Firewall.pm#/usr/share/perl5/PVE/Firewall.pm#" > "$work/real.txt"
python3 "$here/extract_standin.py" "$work/phoenix_standin.py"
(cd "$work" && python3 -c "
import sys; sys.argv = ['pve-firewall', 'compile']; sys.path.insert(0, '.')
import phoenix_standin
phoenix_standin.main('pve-firewall', '.')
" > /dev/null 2> "$work/standin.txt") || true
normalize() {
    python3 -c "
import sys
blocks = []
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith('  ') and blocks: blocks[-1].append(line)
    else: blocks.append([line])
for block in blocks: print('\n'.join([block[0]] + sorted(block[1:])))
" "$1"
}
normalize "$work/real.txt" > "$work/real.norm"
normalize "$work/standin.txt" > "$work/standin.norm"
if diff -u "$work/real.norm" "$work/standin.norm"; then
    echo "identical: $(wc -l < "$work/real.norm") warning lines"
else
    exit 1
fi
