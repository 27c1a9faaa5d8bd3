"""The quotecheck database: its shape (schema.py) and how rows go in (store.py)."""
