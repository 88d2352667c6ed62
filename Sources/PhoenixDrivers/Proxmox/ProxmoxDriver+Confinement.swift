extension ProxmoxDriver {
    /// A copy whose host files stay inside `roots.host`, opened below them without following symlinks
    /// (the host root is "/", so without roots nothing else would confine them), wrapped so that guest
    /// paths are checked against `roots.guests` too. How `pct` and `qm` are called does not change.
    public func confined(to roots: PathRoots) -> any HostDriver {
        var copy = self
        copy.hostConfinement = roots.host
        return ConfinedDriver(base: copy, roots: roots)
    }
}
