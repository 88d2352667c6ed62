/// Address checks: every IP/CIDR parses, and no two NICs (or a NIC and the host) share an address on one bridge.
enum AddressChecks {
    static func run(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        checkHost(snapshot, into: &findings)
        let hostBridge = snapshot.hypervisor.network?.interfaces?.name
        var owners: [String: (label: String, origin: ValueOrigin)] = [:]
        if let host = snapshot.hypervisor.network?.interfaces, let address = host.interface?.address {
            owners[address.description] = ("the hypervisor", host.origin.appending("address"))
        }
        let recordHolders = NICChecks.recordHolders(snapshot)
        for guest in snapshot.guests {
            NICChecks.run(guest, needsRecord: recordHolders.contains(guest.id), into: &findings)
            for nic in guest.nics {
                checkNIC(nic, guest: guest, into: &findings)
                // One address is one host on the platform, whatever bridge or VLAN it is written on:
                // records, routes and firewall rules name addresses, not bridges.
                guard let address = nic.interface?.address else { continue }
                let key = address.description
                let ipOrigin = nic.origin.appending("ip")
                if let owner = owners[key] {
                    let position = findings.position(file: owner.origin.file, pointer: owner.origin.pointer)
                    let bridge = nic.bridge ?? hostBridge ?? ""
                    findings.add(
                        .error, .duplicateIP, at: ipOrigin,
                        "\(address) of \(guest.label) is already used by \(owner.label) on \(bridge.isEmpty ? "the same network" : bridge) (\(owner.origin.file):\(position))")
                } else {
                    owners[key] = (guest.label, ipOrigin)
                }
            }
        }
    }

    private static func checkNIC(_ nic: GuestNetwork, guest: Guest, into findings: inout Findings) {
        if let ip = nic.ip, !["dhcp", "manual"].contains(ip.lowercased()) {
            if let parsed = IPInterface(parsing: ip) {
                if parsed.prefixLength == nil {
                    findings.add(
                        .error, .invalidIP, at: nic.origin, key: "ip",
                        "ip \"\(ip)\" of \(guest.label) needs a prefix length (e.g. \(ip)/24), or use \"dhcp\"")
                }
            } else {
                findings.add(
                    .error, .invalidIP, at: nic.origin, key: "ip",
                    "ip \"\(ip)\" of \(guest.label) is not an address in CIDR form (e.g. 10.0.0.5/24) or \"dhcp\"")
            }
        }
        if let gateway = nic.gateway { checkAddress(gateway, at: nic.origin.appending("gw"), what: "gateway", into: &findings) }
        let serversKey = nic.json["nameservers"] != nil ? "nameservers" : "nameserver"
        for server in nic.nameservers {
            checkAddress(server, at: nic.origin.appending(serversKey), what: "name server", into: &findings)
        }
    }

    private static func checkHost(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        guard let network = snapshot.hypervisor.network else { return }
        if let host = network.interfaces {
            if let address = host.address {
                if IPInterface(parsing: address)?.prefixLength == nil {
                    findings.add(
                        .error, .invalidIP, at: host.origin, key: "address",
                        "host address \"\(address)\" must be in CIDR form (e.g. 10.0.0.13/24)")
                }
            }
            if let gateway = host.gateway { checkAddress(gateway, at: host.origin.appending("gateway"), what: "gateway", into: &findings) }
            for (index, server) in host.dnsNameservers.enumerated() {
                checkAddress(server, at: host.origin.appending("dns_nameservers").appending(String(index)), what: "name server", into: &findings)
            }
        }
        if let subnet = network.defaultSubnet, IPInterface(parsing: subnet)?.prefixLength == nil {
            findings.add(
                .error, .invalidIP, at: network.origin, key: "default_subnet",
                "default_subnet \"\(subnet)\" must be in CIDR form (e.g. 10.0.0.0/24)")
        }
        if let ip = network.portainerServerIP { checkAddress(ip, at: network.origin.appending("portainer_server_ip"), what: "address", into: &findings) }
        if let server = network.nfsServer, looksNumeric(server) {
            checkAddress(server, at: network.origin.appending("nfs_server"), what: "NFS server", into: &findings)
        }
        for (key, port) in [("portainer_server_port", network.portainerServerPort), ("portainer_agent_port", network.portainerAgentPort)] {
            if let port, !(1...65535).contains(port) {
                findings.add(.error, .portOutOfRange, at: network.origin, key: key, "\(key) \(port) is outside 1-65535")
            }
        }
        if let dns = snapshot.hypervisor.dnsServer {
            for (index, server) in dns.upstreamServers.enumerated() {
                checkAddress(server, at: dns.origin.appending("upstream_servers").appending(String(index)), what: "upstream server", into: &findings)
            }
        }
        for vm in snapshot.vms {
            for volume in vm.volumes {
                if let server = volume.server, looksNumeric(server) {
                    checkAddress(server, at: volume.origin.appending("server"), what: "NFS server", into: &findings)
                }
            }
        }
    }

    /// Whether a value that may be a hostname is written like an IPv4 address (digits and dots).
    static func looksNumeric(_ text: String) -> Bool {
        text.allSatisfy { $0.isNumber || $0 == "." }
    }

    private static func checkAddress(_ text: String, at origin: ValueOrigin, what: String, into findings: inout Findings) {
        guard IPAddress(parsing: text) == nil else { return }
        findings.add(.error, .invalidIP, at: origin, "\(what) \"\(text)\" is not an IP address")
    }
}
