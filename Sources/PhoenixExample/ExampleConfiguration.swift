import Foundation

/// The project's own example Phoenix configuration (`config/`, `stacks/`) and git hooks (`hooks/`),
/// bundled into the executable so the embedded default works from any working directory.
public enum ExampleConfiguration {
    /// The folder holding the bundled `config/`, `stacks/` and `hooks/` copies.
    public static var root: URL {
        Bundle.module.resourceURL ?? Bundle.module.bundleURL
    }

    /// The bundled `config/` folder.
    public static var configDirectory: URL { root.appendingPathComponent("config", isDirectory: true) }
    /// The bundled `stacks/` folder.
    public static var stacksDirectory: URL { root.appendingPathComponent("stacks", isDirectory: true) }
    /// The bundled `hooks/` folder.
    public static var hooksDirectory: URL { root.appendingPathComponent("hooks", isDirectory: true) }
}

extension ExampleConfiguration {
    /// Files that make the embedded default's local target look like a host where the example's
    /// Step-CA already exists: its public root certificate at `step_ca.root_ca_path` (no private key
    /// is shipped). Copied into the local target only where absent, so `trusted-ca` has something
    /// to trust on a first run, as it would on a real host after the CA container is created.
    public static var seedTargetDirectory: URL {
        root.appendingPathComponent("seed/target", isDirectory: true)
    }
}
