"""The interfaces: the `cdm` command line and the Chainlit chat app."""
