"""Alerts: detectors find subjects, the evaluator logs each (rule, subject) once, channels deliver it."""
