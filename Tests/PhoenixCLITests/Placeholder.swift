// Tests for PhoenixCLI live in this target.
