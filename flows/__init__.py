"""baogao: flows."""
