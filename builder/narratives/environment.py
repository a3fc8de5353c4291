"""The endpoint's variables, read from the process environment in this one place.

Apart from the client so that a caller that only needs to know whether an endpoint is set (the
site cache's fingerprint) does not import the openai client.
"""

import os

ENDPOINT_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL")


def endpoint_environment() -> dict[str, str]:
    """The endpoint's variables from the process environment (the pipeline and `showcase
    prompts evaluate` pass them to the stage)."""
    return {name: os.environ[name] for name in ENDPOINT_VARIABLES if name in os.environ}
