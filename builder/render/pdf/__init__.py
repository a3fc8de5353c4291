"""The PDF downloads (WeasyPrint): the resume within its page limit and the pitch deck."""
