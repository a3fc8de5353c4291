"""The pricing methods of the value engine; priority.py orders them."""
