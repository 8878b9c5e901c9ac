"""PartLedger Python SDK: a client of a deployed suite (typed contracts, local signing), part
ids, lot Merkle trees, readable errors, provenance and financing histories from logs.

Brownie-free (web3.py 7 + eth-abi), so scripts, tests and integrators share one implementation.
"""

from partledger.bulk import BomResult, Bulk, BulkResult
from partledger.client import Client, PartFlags, PartVerification, SignedTransfer
from partledger.decoding import decode_revert, readable_errors
from partledger.exceptions import ContractRevertError, PartLedgerError
from partledger.finance import FinanceReader, OrderHistory, ReceivableHistory
from partledger.ids import from_bytes32, lot_part_id, part_id, to_bytes32
from partledger.manifest import Deployment
from partledger.merkle import LotTree
from partledger.provenance import PartHistory, ProvenanceReader
from partledger.tx import PendingTransaction, Receipt

__all__ = [
    "Client",
    "PartVerification",
    "PartFlags",
    "SignedTransfer",
    "Receipt",
    "PendingTransaction",
    "Bulk",
    "BulkResult",
    "BomResult",
    "part_id",
    "lot_part_id",
    "to_bytes32",
    "from_bytes32",
    "LotTree",
    "PartLedgerError",
    "ContractRevertError",
    "decode_revert",
    "readable_errors",
    "Deployment",
    "ProvenanceReader",
    "PartHistory",
    "FinanceReader",
    "OrderHistory",
    "ReceivableHistory",
]
