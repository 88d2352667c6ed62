import Foundation
import PhoenixDrivers
import PhoenixTesting

/// Reads what ran inside VMs from a stand-in host's call log (`qm guest exec <id> … -- argv`).
extension StandInHost {
    /// (vmid, argv inside the guest) of every `qm guest exec`, in order.
    func guestCommands() throws -> [(vmid: Int, argv: [String])] {
        try argvs(of: "qm").compactMap { argv in
            guard argv.count > 3, argv[0] == "guest", argv[1] == "exec", let id = Int(argv[2]),
                let separator = argv.firstIndex(of: "--")
            else { return nil }
            return (id, Array(argv[(separator + 1)...]))
        }
    }

    /// The docker commands that change something (not `info`, `ls`, `inspect`, `join-token`).
    func dockerMutations() throws -> [(vmid: Int, argv: [String])] {
        let readOnly: Set<String> = ["info", "ls", "inspect", "join-token", "version"]
        return try guestCommands().filter { command in
            guard command.argv.first == "docker" else { return false }
            return !command.argv.dropFirst().prefix(2).contains { readOnly.contains($0) }
        }
    }

    /// The example's three swarm VMs, running, with their hostnames, and a host file for the secret.
    func prepareExampleSwarm(_ docker: StandInDocker) throws {
        for id in [310, 320, 321] { try setGuest(.vm(id), .running) }
        var state = docker
        state.hostnames = ["vm 310": "swarm-manager", "vm 320": "swarm-worker-1", "vm 321": "swarm-worker-2"]
        try setDocker(state)
        try setFile("/etc/phoenix/secrets/portainer_admin_password", contents: Data("s3cret-pass\n".utf8), at: .host)
    }
}
