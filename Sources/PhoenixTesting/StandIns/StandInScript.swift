import Foundation
import PhoenixCore
import PhoenixDrivers

/// The Python engine behind every stand-in tool, assembled from its parts. The VM write script of
/// `ProxmoxDriver` is baked in, so `qm guest exec … sh -c <that script>` is emulated as a file write.
enum StandInScript {
    /// The whole module `phoenix_standin.py`.
    static var module: String {
        "WRITE_SCRIPT = \(pythonLiteral(ProxmoxDriver.guestWriteScript))\n" + firewallNames + core + guest + proxmox
            + docker + firewall + services
    }

    /// netbase's /etc/protocols and /etc/services names and the ICMP type names, as pve-firewall reads
    /// them (the same tables `validate` checks against; see PVEFirewallNames).
    private static var firewallNames: String {
        let protocols = PVEFirewallNames.protocols.sorted { $0.key < $1.key }
        return """
            FW_PROTOCOLS = set(\(pythonList(protocols.map(\.key))))
            FW_PROTOCOL_IDS = set(\(pythonList(Set(protocols.map { String($0.value) }).sorted())))
            FW_PROTOCOLS_WITH_PORTS = set(\(pythonList(PVEFirewallNames.protocolsWithPorts.sorted())))
            FW_SERVICES = set(\(pythonList(PVEFirewallNames.services.sorted())))
            FW_ICMP_TYPES = set(\(pythonList(PVEFirewallNames.icmpTypeNames.sorted())))

            """
    }

    private static func pythonList(_ items: [String]) -> String {
        "[" + items.map(pythonLiteral).joined(separator: ", ") + "]"
    }

    /// A small executable that runs the engine as `tool` with its state under `home`.
    static func wrapper(tool: String, python: String, library: String, home: String) -> String {
        """
        #!\(python) -I
        import sys
        sys.dont_write_bytecode = True
        sys.path.insert(0, \(pythonLiteral(library)))
        import phoenix_standin
        phoenix_standin.main(\(pythonLiteral(tool)), \(pythonLiteral(home)))

        """
    }

    /// A Python string literal: JSON string syntax is valid Python once "/" is not escaped.
    static func pythonLiteral(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode([text]) else { return "''" }
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
