/// The warnings of `pve-firewall compile` that concern given files.
///
/// compile is not a validator: a line it cannot parse or a rule that fails `verify_rule` is warned
/// about on stderr and left out, and the command exits 0 (pve-firewall `Firewall.pm`
/// `generic_fw_config_parser`, `parse_fw_rule`; `pve_firewall.pm` compile). Every such warning starts
/// with the file and line: `/etc/pve/firewall/101.fw (line 7) - errors in rule parameters: IN …` or
/// `/etc/pve/firewall/cluster.fw (line 3): can't parse option '…'`, and the details of a rule follow
/// on lines indented by two spaces.
enum FirewallCompileWarnings {
    /// The warning blocks in `stderr` that name one of `paths` (each block joined into one string).
    static func naming(_ paths: [String], in stderr: String) -> [String] {
        var blocks: [String] = []
        var inBlock = false
        for line in stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if paths.contains(where: { line.hasPrefix($0 + " (line ") }) {
                blocks.append(line)
                inBlock = true
            } else if inBlock, line.hasPrefix("  ") {
                blocks[blocks.count - 1] += "\n" + line
            } else {
                inBlock = false
            }
        }
        return blocks
    }
}
