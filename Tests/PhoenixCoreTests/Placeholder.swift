// Tests for PhoenixCore live in this target.
