"""The history of purchase orders and receivables, rebuilt from event logs alone.

:class:`FinanceReader` reads the PurchaseOrders' and Receivables' logs through a
:class:`~partledger.provenance.source.LogSource` (the node, or the history index; no contract
state is read) and answers, for an order: who opened it on which terms, acceptance, every part
delivered (to whom the money went, or which receivable it was invoiced in), dropped or refunded,
disputes and rulings, assignments to a financier, regulator freezes; and for a receivable: its
issue and confirmation, who held how many units after every move (splits, transfers, discounts,
burns), every payment and every redemption, discount offers, freezes.

>>> reader = deployment.finance()                                       # doctest: +SKIP
>>> history = reader.receivable(receivable_id)                         # doctest: +SKIP
>>> history.balances                                                   # doctest: +SKIP
{'0xTier1...': 400000000, '0xTier2...': 350000000, '0xBank...': 250000000}
>>> [(p.payer, p.amount) for p in history.payments]                    # doctest: +SKIP
[('0xOEM...', 1000000000)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from web3 import Web3

from partledger._abi import ABI, checksum
from partledger._logs import At, DecodedLog
from partledger.exceptions import UnknownOrder, UnknownReceivable
from partledger.provenance.reader import IndexArgument, LogReader
from partledger.provenance.source import DEFAULT_CHUNK, LogSource

__all__ = [
    "FinanceReader",
    "OrderHistory",
    "OrderStep",
    "Delivery",
    "ReceivableHistory",
    "UnitMove",
    "Payment",
    "Redemption",
    "Discount",
    "UnknownOrder",
    "UnknownReceivable",
]

ZERO_ADDRESS = "0x" + "00" * 20


# ---------------------------------------------------------------- orders


@dataclass(frozen=True)
class OrderStep:
    """One event of an order, by name, with its decoded arguments."""

    event: str
    args: dict[str, Any]
    at: At


@dataclass(frozen=True)
class Delivery:
    """A part that reached the buyer through the order, and where its share went: paid to
    `payee` (prepaid) or invoiced to it in `receivable_id` (credit)."""

    part_id: int
    payee: str
    amount: int
    by: str
    at: At
    receivable_id: int | None = None


@dataclass
class OrderHistory:
    """Everything that happened to one order, in chain order."""

    order_id: int
    buyer: str
    seller: str
    token: str
    price: int
    deadline: int
    terms: str  # "Prepaid" | "Credit"
    maturity: int
    arbiter: str
    part_ids: list[int]
    opened: At
    line_prices: list[int] | None = None  # priced by line: each part's price (None: equal shares)
    steps: list[OrderStep] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    dropped: dict[int, int] = field(default_factory=dict)  # part id -> refunded share
    payees: list[tuple[str, At]] = field(default_factory=list)  # who deliveries paid, from when
    receivable_ids: list[int] = field(default_factory=list)
    frozen: bool = False

    @property
    def state(self) -> str:
        """The order's state as the events tell it (the contract's OrderState names)."""
        final = {
            "OrderDeclined": "Declined",
            "OrderCancelled": "Cancelled",
            "OrderCompleted": "Completed",
            "OrderRefunded": "Refunded",
            "OrderRuled": "Ruled",
        }
        state = "Open"
        for step in self.steps:
            if step.event in final:
                return final[step.event]
            if step.event == "OrderAccepted":
                state = "Accepted"
            elif step.event == "OrderDisputed":
                state = "Disputed"
        return state

    @property
    def payee(self) -> str:
        """Who deliveries pay now: the seller, or the financier it assigned the order to."""
        return self.payees[-1][0]

    @property
    def paid_out(self) -> int:
        """What deliveries paid or invoiced so far."""
        return sum(d.amount for d in self.deliveries)

    @property
    def delivered_parts(self) -> list[int]:
        return [d.part_id for d in self.deliveries]


# ---------------------------------------------------------------- receivables


@dataclass(frozen=True)
class UnitMove:
    """Units of a receivable moving (ERC-1155 TransferSingle/Batch): a mint has `sender` zero, a
    burn `receiver` zero; `via` names what caused it when the log says ("confirm", "discount",
    "redeem"), else "transfer"."""

    sender: str
    receiver: str
    units: int
    operator: str
    via: str
    at: At


@dataclass(frozen=True)
class Payment:
    payer: str
    amount: int
    paid_total: int
    at: At


@dataclass(frozen=True)
class Redemption:
    holder: str
    amount: int
    units_burned: int
    at: At


@dataclass(frozen=True)
class Discount:
    """A discount offer and, once taken, its sale (units against `price` in one transaction)."""

    offer_id: int
    holder: str
    financier: str
    units: int
    price: int
    expiry: int
    offered: At
    taken: At | None = None
    cancelled: At | None = None


@dataclass
class ReceivableHistory:
    """Everything that happened to one receivable, in chain order."""

    receivable_id: int
    creditor: str
    debtor: str
    token: str
    face: int
    maturity: int
    invoice_hash: bytes
    order_id: int
    part_ids: list[int]
    issued: At
    confirmed: At | None = None
    rejected: At | None = None
    withdrawn: At | None = None  # the creditor took its pending claim back
    moves: list[UnitMove] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    redemptions: list[Redemption] = field(default_factory=list)
    discounts: dict[int, Discount] = field(default_factory=dict)
    freezes: list[tuple[bool, str, bytes, At]] = field(default_factory=list)  # (frozen, regulator, reason, at)

    @property
    def paid(self) -> int:
        return self.payments[-1].paid_total if self.payments else 0

    @property
    def redeemed(self) -> int:
        return sum(r.amount for r in self.redemptions)

    @property
    def frozen_by_regulator(self) -> bool:
        return bool(self.freezes) and self.freezes[-1][0]

    def holdings(self) -> list[tuple[At, dict[str, int]]]:
        """Who held how many units after each move: [(when, {holder: units})], holders with
        none left out."""
        balances: dict[str, int] = defaultdict(int)
        out: list[tuple[At, dict[str, int]]] = []
        for move in self.moves:
            if move.sender != ZERO_ADDRESS:
                balances[move.sender] -= move.units
            if move.receiver != ZERO_ADDRESS:
                balances[move.receiver] += move.units
            out.append((move.at, {holder: units for holder, units in balances.items() if units}))
        return out

    def balances_at(self, block: int) -> dict[str, int]:
        """{holder: units} at the end of `block`."""
        found: dict[str, int] = {}
        for at, balances in self.holdings():
            if at.block > block:
                break
            found = balances
        return found

    @property
    def balances(self) -> dict[str, int]:
        """{holder: units} now (as far as scanned)."""
        holdings = self.holdings()
        return holdings[-1][1] if holdings else {}

    def redeemed_by(self, holder: str) -> int:
        holder = checksum(holder)
        return sum(r.amount for r in self.redemptions if r.holder == holder)


# ---------------------------------------------------------------- the reader


class FinanceReader(LogReader):
    """Rebuilds order and receivable histories from the PurchaseOrders' and Receivables' logs.

    `from_block`: the first block to scan (the older deploy block of the two). The other
    arguments, where the logs come from (`chunk`, `source`, `index`...) and how reorganisations
    are met: see :class:`partledger.provenance.reader.LogReader`. Every query syncs first.
    """

    def __init__(
        self,
        w3: Web3,
        orders_address: str,
        orders_abi: ABI,
        receivables_address: str,
        receivables_abi: ABI,
        *,
        from_block: int = 0,
        chunk: int = DEFAULT_CHUNK,
        confirmations: int = 0,
        timestamps: bool = False,
        source: LogSource | None = None,
        index: IndexArgument = None,
        chain_id: int | None = None,
    ):
        self.orders_address = checksum(orders_address)
        self.receivables_address = checksum(receivables_address)
        super().__init__(
            w3,
            {
                self.orders_address: ("PurchaseOrders", orders_abi),
                self.receivables_address: ("Receivables", receivables_abi),
            },
            from_block=from_block,
            chunk=chunk,
            confirmations=confirmations,
            timestamps=timestamps,
            source=source,
            index=index,
            chain_id=chain_id,
        )
        self._reset()

    def _reset(self) -> None:
        self._orders: dict[int, OrderHistory] = {}
        self._receivables: dict[int, ReceivableHistory] = {}
        self._offers: dict[int, int] = {}  # discount offer id -> receivable id

    def _apply(self, logs: list[DecodedLog]) -> None:
        by_tx: dict[str, list[DecodedLog]] = defaultdict(list)
        for log in logs:
            by_tx[log.at.tx].append(log)
        for log in logs:
            self._apply_log(log, by_tx[log.at.tx])

    def order(self, order_id: int) -> OrderHistory:
        """The history of order `order_id` (raises :class:`UnknownOrder` if it was never opened)."""
        self.sync()
        if order_id not in self._orders:
            raise UnknownOrder(order_id, self.scanned_to)
        return self._orders[order_id]

    def receivable(self, receivable_id: int) -> ReceivableHistory:
        """The history of receivable `receivable_id` (:class:`UnknownReceivable` if never issued)."""
        self.sync()
        if receivable_id not in self._receivables:
            raise UnknownReceivable(receivable_id, self.scanned_to)
        return self._receivables[receivable_id]

    def order_ids(self) -> list[int]:
        self.sync()
        return sorted(self._orders)

    def receivable_ids(self) -> list[int]:
        self.sync()
        return sorted(self._receivables)

    # ------------------------------------------------------------ replay

    def _apply_log(self, log: DecodedLog, siblings: list[DecodedLog]) -> None:
        if log.contract == "PurchaseOrders":
            self._apply_order(log, siblings)
        else:
            self._apply_receivable(log, siblings)

    def _apply_order(self, log: DecodedLog, siblings: list[DecodedLog]) -> None:
        a = log.args
        if log.event == "OrderOpened":
            history = OrderHistory(
                order_id=a["orderId"],
                buyer=a["buyer"],
                seller=a["seller"],
                token=a["token"],
                price=a["price"],
                deadline=a["deadline"],
                terms=log.enum_names.get("terms", str(a["terms"])),
                maturity=a["maturity"],
                arbiter=a["arbiter"],
                part_ids=list(a["partIds"]),
                opened=log.at,
            )
            history.payees.append((a["seller"], log.at))
            self._orders[history.order_id] = history
        order_id = a.get("orderId")
        history_or_none = self._orders.get(order_id) if order_id is not None else None
        if history_or_none is None:
            return
        history = history_or_none
        history.steps.append(OrderStep(log.event, dict(a), log.at))
        if log.event == "PartDelivered":
            # a delivery on credit is invoiced in the receivable its shipment (transaction) issued
            invoiced = [
                s.args["receivableId"]
                for s in siblings
                if s.event == "ShipmentInvoiced" and s.args["orderId"] == order_id
            ]
            receivable_id = invoiced[0] if invoiced else None
            history.deliveries.append(Delivery(a["partId"], a["payee"], a["amount"], a["by"], log.at, receivable_id))
        elif log.event == "ShipmentInvoiced":
            history.receivable_ids.append(a["receivableId"])
        elif log.event == "PartDropped":
            history.dropped[a["partId"]] = a["refund"]
        elif log.event == "OrderPricedByLine":
            history.line_prices = list(a["linePrices"])
        elif log.event == "OrderAssigned":
            history.payees.append((a["financier"], log.at))
        elif log.event == "OrderFrozen":
            history.frozen = bool(a["frozen"])

    def _apply_receivable(self, log: DecodedLog, siblings: list[DecodedLog]) -> None:
        a = log.args
        if log.event == "ReceivableIssued":
            self._receivables[a["id"]] = ReceivableHistory(
                receivable_id=a["id"],
                creditor=a["creditor"],
                debtor=a["debtor"],
                token=a["token"],
                face=a["face"],
                maturity=a["maturity"],
                invoice_hash=bytes(a["invoiceHash"]),
                order_id=a["orderId"],
                part_ids=list(a["partIds"]),
                issued=log.at,
            )
            return
        if log.event in ("TransferSingle", "TransferBatch"):
            pairs = (
                [(a["id"], a["value"])]
                if log.event == "TransferSingle"
                else list(zip(a["ids"], a["values"], strict=True))
            )
            events = {s.event for s in siblings}
            via = (
                "confirm"
                if "ReceivableConfirmed" in events or "ReceivableIssued" in events
                else "discount"
                if "DiscountTaken" in events
                else "redeem"
                if "ReceivableRedeemed" in events and a["to"] == ZERO_ADDRESS
                else "transfer"
            )
            for rid, units in pairs:
                if rid in self._receivables:
                    self._receivables[rid].moves.append(UnitMove(a["from"], a["to"], units, a["operator"], via, log.at))
            return
        if log.event in ("DiscountTaken", "DiscountCancelled"):
            rid = self._offers.get(a["offerId"])
            history_or_none = self._receivables.get(rid) if rid is not None else None
        else:
            history_or_none = self._receivables.get(a.get("id", -1))
        if history_or_none is None:
            return
        history = history_or_none
        if log.event == "ReceivableConfirmed":
            history.confirmed = log.at
        elif log.event == "ReceivableRejected":
            history.rejected = log.at
        elif log.event == "ClaimWithdrawn":
            history.withdrawn = log.at
        elif log.event == "ReceivablePaid":
            history.payments.append(Payment(a["payer"], a["amount"], a["paidTotal"], log.at))
        elif log.event == "ReceivableRedeemed":
            history.redemptions.append(Redemption(a["holder"], a["amount"], a["unitsBurned"], log.at))
        elif log.event == "ReceivableFrozenBy":
            history.freezes.append((True, a["regulator"], bytes(a["reasonHash"]), log.at))
        elif log.event == "ReceivableUnfrozen":
            history.freezes.append((False, a["regulator"], bytes(a["reasonHash"]), log.at))
        elif log.event == "DiscountOffered":
            self._offers[a["offerId"]] = history.receivable_id
            history.discounts[a["offerId"]] = Discount(
                a["offerId"], a["holder"], a["financier"], a["units"], a["price"], a["expiry"], log.at
            )
        elif log.event == "DiscountTaken":
            offer = history.discounts[a["offerId"]]
            history.discounts[a["offerId"]] = Discount(
                offer.offer_id,
                offer.holder,
                a["financier"],
                a["units"],
                a["price"],
                offer.expiry,
                offer.offered,
                log.at,
            )
        elif log.event == "DiscountCancelled":
            offer = history.discounts[a["offerId"]]
            history.discounts[a["offerId"]] = Discount(
                offer.offer_id,
                offer.holder,
                offer.financier,
                offer.units,
                offer.price,
                offer.expiry,
                offer.offered,
                None,
                log.at,
            )
