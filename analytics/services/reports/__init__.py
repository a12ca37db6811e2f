"""Scheduled reports: slots and periods (schedule), numbers (content), HTML/PDF/CSV (render), sending (send)."""
