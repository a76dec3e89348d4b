"""Policies: one class per business model or tactic, one registry entry each, named by configs."""
