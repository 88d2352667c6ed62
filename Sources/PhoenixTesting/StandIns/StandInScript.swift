import Foundation
import PhoenixDrivers

/// The Python engine behind every stand-in tool, assembled from its parts. The VM write script of
/// `ProxmoxDriver` is baked in, so `qm guest exec … sh -c <that script>` is emulated as a file write.
enum StandInScript {
    /// The whole module `phoenix_standin.py`.
    static var module: String {
        "WRITE_SCRIPT = \(pythonLiteral(ProxmoxDriver.guestWriteScript))\n" + core + guest + proxmox + docker + services
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
