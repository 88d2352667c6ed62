// Tests for PhoenixDrivers live in this target.
