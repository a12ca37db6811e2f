"""Read queries for the admin and the dashboards: noun-phrase functions returning plain dataclasses.

Each selector runs a fixed, small number of SQL queries and reads roll-ups and summaries, not raw events.
"""
