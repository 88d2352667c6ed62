/// The text of the files the dns stage renders.
enum DNSMasqFiles {
    /// `/etc/dnsmasq.conf`: the original's options, with the domain, listen addresses and upstreams
    /// derived from the config.
    static func mainConfig(domain: String, listen: [String], confDir: String, upstream: [String]) -> String {
        var lines = [
            ManagedHeader.line(.dns),
            "port=53",
            "domain-needed",
            "bogus-priv",
            "strict-order",
            "stop-dns-rebind",
            "no-resolv",
            "local=/\(domain)/",
            "listen-address=\(unique(listen).joined(separator: ","))",
            "conf-dir=\(confDir),*.conf",
        ]
        lines += upstream.map { "server=\($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The records file: one `address=` line per record, sorted by host.
    static func records(_ records: [DNSRecord]) -> String {
        ([ManagedHeader.line(.dns)] + records.sorted().map(\.line)).joined(separator: "\n") + "\n"
    }

    /// `/etc/resolv.conf`: search the domain, ask the host's dnsmasq first, then the upstreams.
    static func resolvConf(domain: String, nameservers: [String]) -> String {
        ([ManagedHeader.line(.dns), "search \(domain)"] + unique(nameservers).map { "nameserver \($0)" })
            .joined(separator: "\n") + "\n"
    }

    /// What `dnsmasq --test` checks: the main config without `conf-dir=` (its folder is the live one,
    /// which would be read instead of the candidate) followed by the candidate records.
    static func checkConfig(main: String, records: String) -> String {
        let kept = main.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("conf-dir=") }
        return kept.joined(separator: "\n") + (main.hasSuffix("\n") ? "" : "\n") + records
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
