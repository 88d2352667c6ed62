#!/usr/bin/perl
# Loads cluster.fw and <id>.fw files the way `pve-firewall compile` does (set_verbose(1)), printing the
# parser's warnings on stderr exactly. Usage: compile_like.pl DIR ct:210 vm:310 ...
use strict; use warnings;
use PVE::Firewall;
my ($dir, @guests) = @ARGV;
PVE::Firewall::set_verbose(1);
local $SIG{__WARN__} = sub { print STDERR $_[0] };
my $cluster = PVE::Firewall::load_clusterfw_conf("$dir/cluster.fw");
for my $g (@guests) {
    my ($env, $vmid) = split /:/, $g;
    PVE::Firewall::load_vmfw_conf($cluster, $env, $vmid, $dir);
}
