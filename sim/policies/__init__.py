"""Tactics: one class per retention, sales, complaint or feedback tactic, one registry entry each,
named by configs. A tactic acts on its firm through sim.policies.view and never imports sim.model
at run time; business models (pricing, menus, late fees) live in sim.model."""
