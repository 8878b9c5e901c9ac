"""TEMPORARY shim (issue 8, helper B replaces it): revert decoding, re-exported from
partledger.errors until it moves here."""

from partledger.errors import decode_revert, raise_for, raise_for_receipt, readable_errors, revert_data, to_readable

__all__ = ["decode_revert", "revert_data", "to_readable", "raise_for", "raise_for_receipt", "readable_errors"]
