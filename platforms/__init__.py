"""Platform clients: pure Python talking to remote APIs and returning normalised records.

No Django here: the sync engine turns the records into models.
"""
