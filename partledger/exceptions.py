"""TEMPORARY shim (issue 8, helper B replaces it): the exception classes, re-exported from
partledger.errors until they move here as generated code."""

from typing import Any

from partledger import errors as _errors
from partledger.errors import (
    ChainMismatch,
    ContractNotInManifest,
    ContractRevertError,
    IndexMismatch,
    LogQueryFailed,
    LogQueryRefused,
    LogReadError,
    ManifestError,
    ManifestNotFound,
    NoCodeAtAddress,
    OutOfGas,
    Panic,
    PartLedgerError,
    RevertMessage,
    StaleManifest,
    UnknownPart,
    UnknownRevert,
)

__all__ = [
    "PartLedgerError",
    "ContractRevertError",
    "Panic",
    "RevertMessage",
    "UnknownRevert",
    "OutOfGas",
    "ManifestError",
    "ManifestNotFound",
    "ContractNotInManifest",
    "ChainMismatch",
    "NoCodeAtAddress",
    "StaleManifest",
    "LogReadError",
    "UnknownPart",
    "LogQueryRefused",
    "LogQueryFailed",
    "IndexMismatch",
]


def __getattr__(name: str) -> Any:
    return getattr(_errors, name)
