// Tests for PhoenixStages live in this target.
