"""Periodic upkeep: roll-ups for the dashboards, snapshot retention, expired exports."""
