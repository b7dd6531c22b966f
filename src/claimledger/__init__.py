"""claimledger: a sourced ledger of who claimed what figure, when."""

__version__ = "0.1.0"
