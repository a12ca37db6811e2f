"""Services: the only code that writes analytics data (HackSoft's services/selectors split)."""
