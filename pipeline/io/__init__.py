"""File readers and writers kept apart from the core (streaming JSONL, atomic outputs)."""
