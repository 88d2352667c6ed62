// Tests for PhoenixEngine live in this target.
