extension StageCatalogue {
    /// The ten stages of DESIGN §3, in the seed order of `phoenix sync` (the catalogue keeps it where
    /// the dependencies allow): stack files, trust, DNS, firewall, certificates, swarm, portainer,
    /// traefik, the gateway, stack deploys.
    public static let standard = StageCatalogue([
        StackFilesStage(),
        TrustedCAStage(),
        DNSStage(),
        FirewallStage(),
        CertificatesStage(),
        SwarmStage(),
        PortainerStage(),
        TraefikStage(),
        NginxGatewayStage(),
        StackDeployStage(),
    ])
}
