/// The desired Portainer agent container on one VM (a `desiredState` artifact `portainer/agent` at the
/// VM, JSON). The artifact's digest is stored on the container as the label `phoenix.spec`, so the
/// apply compares the live container with the spec through `docker inspect` and recreates it only
/// when they differ (the original ran `docker rm -f` + `docker run` on every sync).
struct PortainerAgentSpec: Sendable, Hashable, Codable {
    /// The container label holding the spec digest.
    static let specLabel = "phoenix.spec"
    /// The port the agent listens on inside its container.
    static let agentPort = 9001

    /// The agent VM.
    var vmid: Int
    /// Container name.
    var container: String
    /// Image (`docker.portainer_agent_image`).
    var image: String
    /// Container hostname (`portainer_agent_hostname`).
    var hostname: String
    /// Host port published to the agent's 9001 (`network.portainer_agent_port`).
    var publishedPort: Int
    /// Restart policy.
    var restart: String
    /// Bind mounts `host:container`.
    var volumes: [String]

    private enum CodingKeys: String, CodingKey {
        case vmid, container, image, hostname, restart, volumes
        case publishedPort = "published_port"
    }

    /// `docker run` of the spec, labelled with `digest`.
    func runArgv(digest: String) -> [String] {
        var argv = ["docker", "run", "-d", "--name", container, "--restart", restart, "--hostname", hostname]
        argv += ["-p", "\(publishedPort):\(Self.agentPort)"]
        for volume in volumes { argv += ["-v", volume] }
        argv += ["--label", "\(Self.specLabel)=\(digest)", image]
        return argv
    }
}
