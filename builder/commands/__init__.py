"""CLI commands, one module per stage; cli.py gathers them into the `showcase` group."""
