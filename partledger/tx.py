"""Sending transactions from a local key (issue 8; helper D1 extends this module).

:class:`NonceManager` hands out consecutive nonces for one account, safely across the threads of
one process: the client and bulk mode both take their nonces from the one instance a client owns.
"""

from __future__ import annotations

import threading

from eth_typing import ChecksumAddress
from web3 import Web3

from partledger.exceptions import InvalidNonceCount

__all__ = ["NonceManager"]


class NonceManager:
    """Consecutive nonces for `address`, starting from the node's pending count.

    ``reserve(n)`` returns the first of `n` consecutive nonces and advances past them, under a
    lock; ``reset()`` forgets the local counter so the next reservation asks the node again
    (after a transaction was dropped, or another process used the key).
    """

    def __init__(self, w3: Web3, address: ChecksumAddress) -> None:
        self._w3 = w3
        self.address = address
        self._lock = threading.Lock()
        self._next: int | None = None

    def reserve(self, n: int = 1) -> int:
        if n < 1:
            raise InvalidNonceCount(f"reserve at least one nonce, not {n}")
        with self._lock:
            if self._next is None:
                self._next = self._w3.eth.get_transaction_count(self.address, "pending")
            first = self._next
            self._next += n
            return first

    def reset(self) -> None:
        with self._lock:
            self._next = None
