"""Engine, sessions and schema migrations."""
