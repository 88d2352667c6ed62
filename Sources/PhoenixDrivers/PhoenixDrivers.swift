/// PhoenixDrivers: the HostDriver protocol and the local, proxmox and recording drivers.
public enum PhoenixDriversInfo {}
