/// Guest-level checks: unique ids, unique Traefik names, Traefik on DHCP guests, Traefik ports, swarm managers.
enum GuestChecks {
    static func run(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        let guests = snapshot.guests
        checkIDs(guests, into: &findings)
        checkTraefik(guests, into: &findings)
        checkSwarm(snapshot, into: &findings)
    }

    /// The pointer that names a guest's id: the LXC key, or the VM's `vmid` member.
    static func idPointer(_ guest: Guest) -> JSONPointer {
        guest.kind == .vm ? guest.origin.pointer.appending("vmid") : guest.origin.pointer
    }

    private static func checkIDs(_ guests: [Guest], into findings: inout Findings) {
        var seen: [Int: Guest] = [:]
        for guest in guests {
            if let first = seen[guest.id] {
                let firstPosition = "\(first.origin.file):\(findings.position(file: first.origin.file, pointer: idPointer(first)))"
                findings.add(
                    .error, .duplicateGuestID, file: guest.origin.file, pointer: idPointer(guest),
                    "id \(guest.id) of \(guest.label) is already used by \(first.label) (\(firstPosition)); CTIDs and VMIDs share one namespace on Proxmox")
            } else {
                seen[guest.id] = guest
            }
        }
    }

    private static func checkTraefik(_ guests: [Guest], into findings: inout Findings) {
        var names: [String: Guest] = [:]
        for guest in guests {
            guard let service = guest.traefikService else { continue }
            if guest.usesDHCP {
                findings.add(
                    .warning, .traefikOnDHCP, at: service.origin,
                    "\(guest.label) has a traefik_service but takes its address from DHCP; the rendered backend URL would be unusable (give it a fixed ip)")
            }
            if let port = service.port, !(1...65535).contains(port) {
                findings.add(
                    .error, .portOutOfRange, at: service.origin, key: "port",
                    "traefik_service port \(port) of \(guest.label) is outside 1-65535")
            }
            guard let name = service.name else { continue }
            if let first = names[name] {
                findings.add(
                    .error, .duplicateTraefikName, at: service.origin, key: "name",
                    "traefik_service name \"\(name)\" of \(guest.label) is already used by \(first.label); router names and DNS records must be unique")
            } else {
                names[name] = guest
            }
        }
    }

    private static func checkSwarm(_ snapshot: ConfigSnapshot, into findings: inout Findings) {
        let members = snapshot.vms.filter { $0.swarmRole != nil && !$0.isTemplate }
        guard !members.isEmpty else { return }
        let managers = members.filter { $0.swarmRole?.lowercased() == "manager" }
        guard managers.count != 1 else { return }
        let file = snapshot.layout.path(of: .vm)
        if managers.isEmpty {
            let first = members[0]
            findings.add(
                .warning, .swarmManagerCount, at: first.origin, key: "swarm_role",
                "the swarm has \(members.count) member(s) but no manager; set \"swarm_role\": \"manager\" on exactly one VM")
        } else {
            let names = managers.map { Guest($0).label }.joined(separator: ", ")
            for manager in managers.dropFirst() {
                findings.add(
                    .warning, .swarmManagerCount, file: file, pointer: manager.origin.pointer.appending("swarm_role"),
                    "the swarm has \(managers.count) managers (\(names)); stages deploy through one manager, keep one")
            }
        }
    }
}
