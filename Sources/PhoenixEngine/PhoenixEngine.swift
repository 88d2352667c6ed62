/// PhoenixEngine: planner, reconciler, state store, status ledger and rollback.
public enum PhoenixEngineInfo {}
