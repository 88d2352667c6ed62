/// PhoenixTesting: fixtures shared by the test targets (scratch folders, repositories, git daemon, stand-ins).
public enum PhoenixTestingInfo {}
