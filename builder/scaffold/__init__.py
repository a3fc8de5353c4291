"""`showcase init`: the files of a new portfolio, written without ever overwriting one.

Owns the starter files (package data under files/) and the copy of the site's templates; it
writes owner files, so only the `init` command calls it. Never imports render/publish.
"""
