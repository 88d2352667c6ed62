import PhoenixCore
import PhoenixDrivers

/// The per-NIC firewall flag. pve-docs `pve-firewall.adoc:247-249`: "Each virtual network device has its own
/// firewall enable flag … This is required in addition to the general firewall `enable` option." A guest whose
/// `<id>.fw` says `enable: 1` but whose NIC lacks `firewall=1` gets none of its rules on that NIC, silently.
///
/// Read with `pct config <id>` / `qm config <id>` on the host (`netN: …,firewall=1,…` lines). Reported, never
/// changed: the NIC belongs to the guest's creation, not to this stage.
enum NICFirewallFlags {
    /// One guest's NICs without the flag.
    struct Finding: Sendable, Hashable {
        var guest: Guest
        var nics: [String]

        var message: String {
            "\(guest.label) has its firewall enabled (\(guest.id).fw enable: 1) but \(nics.joined(separator: ", ")) "
                + "\(nics.count == 1 ? "has" : "have") no firewall=1 flag: pve-firewall applies none of its rules there "
                + "(set it with `\(guest.kind == .vm ? "qm" : "pct") set \(guest.id) --\(nics[0]) …,firewall=1`)"
        }
    }

    /// The guests with the firewall enabled whose config shows a NIC without `firewall=1`. A guest whose config
    /// cannot be read (missing, no access) is skipped: the flag is checked where it can be.
    static func findings(_ snapshot: ConfigSnapshot, driver: any HostDriver) async -> [Finding] {
        guard driver.observesGuests else { return [] }
        var findings: [Finding] = []
        for guest in snapshot.guests where guest.firewall?.enabled == true {
            let argv = [guest.kind == .vm ? "qm" : "pct", "config", String(guest.id)]
            guard let result = try? await driver.run(argv, at: .host), result.succeeded else { continue }
            let nics = unflagged(result.stdoutText)
            if !nics.isEmpty { findings.append(Finding(guest: guest, nics: nics)) }
        }
        return findings
    }

    /// `net0: name=eth0,bridge=vmbr0,firewall=1,…` → the `netN` keys whose options lack `firewall=1`.
    static func unflagged(_ config: String) -> [String] {
        var found: [String] = []
        for line in config.split(separator: "\n") {
            // `pct config`/`qm config` print the current config first; a pending or snapshot section follows.
            if line.hasPrefix("[") { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard key.hasPrefix("net"), key.count > 3, key.dropFirst(3).allSatisfy(\.isNumber) else { continue }
            let options = line[line.index(after: colon)...].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if !options.contains("firewall=1") { found.append(String(key)) }
        }
        return found
    }
}
