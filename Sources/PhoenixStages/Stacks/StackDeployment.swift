/// The rendered intent to deploy one stack (a `desiredState` artifact at the manager VM, JSON): its
/// deployed name, the compose file the manager reads, and digests of everything the deploy inlines
/// (the rendered compose and the stack files it references, e.g. an `env_file`), so a change to any of them
/// changes the digest and triggers exactly one `docker stack deploy`.
struct StackDeployment: Sendable, Hashable, Codable {
    /// Stack folder name.
    var stack: String
    /// `<environment>_<stack>`, the swarm stack name.
    var deployedName: String
    /// VMID of the swarm manager that runs the deploy.
    var managerVMID: Int
    /// The rendered file on the host (stacks share).
    var hostFile: String
    /// The same file as the manager sees it (NFS mount).
    var composeFile: String
    /// SHA-256 of the rendered compose file.
    var composeSHA256: String
    /// SHA-256 of the stack files the deploy inlines (`env_file`, `configs.*.file`, `secrets.*.file`;
    /// see `ComposeReferences`), by path inside the folder.
    var stackFiles: [String: String]

    private enum CodingKeys: String, CodingKey {
        case stack
        case deployedName = "deployed_name"
        case managerVMID = "manager_vmid"
        case hostFile = "host_file"
        case composeFile = "compose_file"
        case composeSHA256 = "compose_sha256"
        case stackFiles = "stack_files"
    }

    /// `docker stack deploy` for this stack.
    var deployArgv: [String] {
        ["docker", "stack", "deploy", "--compose-file", composeFile, "--with-registry-auth", deployedName]
    }
}
