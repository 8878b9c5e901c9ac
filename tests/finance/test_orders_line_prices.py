"""Orders priced by line (`openOrderWithPrices`): each part carries the price the buyer named and
the seller accepted with the order, and every settlement of a line (delivery, drop, refund, ruling,
credit invoicing) moves exactly that line's price. A party that can recall one part of a mixed
bundle (its manufacturer) cannot reprice the rest, as it can on an order of equal shares. The
SDK (`open_order_with_prices`, `share_of`, the finance history) and the CLI (`order open
--line-prices`, `order show`) reach the same rules."""

import json

import brownie
import pytest
from brownie import chain
from brownie import web3 as brownie_web3
from click.testing import CliRunner
from eth_account import Account

from helpers import SB, LineState, OrderTerms, err, events, key_of, latest_timestamp
from orders_kit import DAY, USD, assert_balanced, line_states, make_parts
from partledger import Client, exceptions
from partledger.cli import ExitCode, cli
from partledger.client import web3_for
from partledger.manifest import Deployment
from scripts.deploy import write_manifest

ENGINE = 9_900_000  # what the bundle's price pays for
BOLT = 100_000  # worth little
MAX_PRICE = 2**88 - 1


def open_priced(orders, usd, buyer, seller, arbiter, part_ids, prices, *, terms=OrderTerms.Prepaid, maturity=0):
    """`buyer` opens an order priced by line (prepaid: minting and approving the sum first); its id."""
    deadline = latest_timestamp() + DAY
    if terms == OrderTerms.Prepaid:
        usd.mint(buyer, sum(prices), {"from": buyer})
        usd.approve(orders, sum(prices), {"from": buyer})
    elif maturity == 0:
        maturity = deadline + 30 * DAY
    tx = orders.openOrderWithPrices(seller, part_ids, usd, prices, deadline, terms, maturity, arbiter,
                                    {"from": buyer})
    return tx.return_value


def holding(orders, usd, account) -> int:
    """What `account` holds in the token and is owed by the orders contract."""
    return usd.balanceOf(account) + orders.owed(usd, account)


@pytest.fixture(scope="module")
def bundle(parts, maker, maker2, airline):
    """An engine made by maker2 and a bolt made by maker, both sold on to the airline."""
    engine = make_parts(parts, maker2, "LP-ENG", 1)[0]
    bolt = make_parts(parts, maker, "LP-BOLT", 1)[0]
    parts.transferFrom(maker2, airline, engine, {"from": maker2})
    parts.transferFrom(maker, airline, bolt, {"from": maker})
    return engine, bolt


# ------------------------------------------------------------ repricing a mixed bundle


def test_a_buyer_that_made_the_cheap_part_is_refunded_only_its_price_and_pays_the_engine_in_full(
    orders, parts, usd, maker, airline, arbiter, bundle
):
    engine, bolt = bundle
    order_id = open_priced(orders, usd, maker, airline, arbiter, [engine, bolt], [ENGINE, BOLT])
    orders.acceptOrder(order_id, {"from": airline})
    parts.recallPart(bolt, SB, {"from": maker})
    tx = orders.dropPart(order_id, bolt, {"from": maker})
    assert events(tx, "PartDropped")[0]["refund"] == BOLT
    parts.clearPart(bolt, SB, {"from": maker})
    orders.confirmReceipt(order_id, [engine], {"from": maker})
    assert holding(orders, usd, maker) == BOLT  # the buyer: the bolt's price back, no more
    assert holding(orders, usd, airline) == ENGINE  # the seller: the engine's whole price
    assert parts.ownerOf(engine) == maker and parts.ownerOf(bolt) == airline
    assert line_states(orders, order_id) == [LineState.Delivered, LineState.Dropped]
    assert_balanced(orders, usd)


def test_a_seller_that_made_the_engine_is_paid_only_the_bolts_price_and_the_engines_is_refunded(
    orders, parts, usd, maker, airline, arbiter
):
    engine, bolt = make_parts(parts, maker, "LP-S", 2)
    order_id = open_priced(orders, usd, airline, maker, arbiter, [engine, bolt], [ENGINE, BOLT])
    orders.acceptOrder(order_id, {"from": maker})
    parts.recallPart(engine, SB, {"from": maker})
    orders.deliver(order_id, [bolt], {"from": maker})
    with brownie.reverts(err("PartSuspect", engine)):
        orders.confirmReceipt(order_id, [engine], {"from": airline})
    chain.sleep(DAY + 1)
    chain.mine()
    tx = orders.refundExpired(order_id, {"from": maker})
    assert events(tx, "OrderRefunded")[0]["refund"] == ENGINE
    parts.clearPart(engine, SB, {"from": maker})
    assert holding(orders, usd, maker) == BOLT
    assert holding(orders, usd, airline) == ENGINE
    assert parts.ownerOf(engine) == maker and parts.ownerOf(bolt) == airline
    assert_balanced(orders, usd)


def test_on_an_order_of_equal_shares_the_same_moves_pay_half_the_price_for_the_bolt(
    orders, parts, usd, maker, airline, arbiter, bundle
):
    """What pricing by line is for: an order opened with one price keeps price / count a line."""
    engine, bolt = bundle
    usd.mint(maker, ENGINE + BOLT, {"from": maker})
    usd.approve(orders, ENGINE + BOLT, {"from": maker})
    order_id = orders.openOrder(airline, [engine, bolt], usd, ENGINE + BOLT, latest_timestamp() + DAY,
                                OrderTerms.Prepaid, 0, arbiter, {"from": maker}).return_value
    orders.acceptOrder(order_id, {"from": airline})
    parts.recallPart(bolt, SB, {"from": maker})
    orders.dropPart(order_id, bolt, {"from": maker})
    parts.clearPart(bolt, SB, {"from": maker})
    orders.confirmReceipt(order_id, [engine], {"from": maker})
    assert holding(orders, usd, maker) == 5 * USD
    assert holding(orders, usd, airline) == 5 * USD
    assert [orders.shareOf(order_id, i) for i in range(2)] == [5 * USD, 5 * USD]


# ------------------------------------------------------------ opening


def test_opening_escrows_the_sum_and_each_line_carries_its_price(orders, parts, usd, maker, airline, arbiter):
    ids = make_parts(parts, maker, "LP-O", 3)
    order_id = open_priced(orders, usd, airline, maker, arbiter, ids, [5 * USD, 3 * USD, 2])
    assert orders.order(order_id)["price"] == 8 * USD + 2
    assert orders.escrowed(order_id) == 8 * USD + 2
    assert usd.balanceOf(airline) == 0
    assert [orders.shareOf(order_id, i) for i in range(4)] == [5 * USD, 3 * USD, 2, 0]


def test_opening_refuses_a_count_mismatch_a_zero_line_and_a_price_above_the_max(
    orders, parts, usd, maker, airline, arbiter
):
    ids = make_parts(parts, maker, "LP-G", 2)
    deadline = latest_timestamp() + DAY
    usd.mint(airline, 10 * USD, {"from": airline})
    usd.approve(orders, 2**256 - 1, {"from": airline})
    refused = [
        ([USD], err("LinePricesMismatch", 2, 1)),
        ([USD, USD, USD], err("LinePricesMismatch", 2, 3)),
        ([USD, 0], err("ZeroLinePrice", 1)),
        ([MAX_PRICE + 1, 1], err("PriceTooHigh", MAX_PRICE + 1, MAX_PRICE)),
        ([MAX_PRICE, 1], err("PriceTooHigh", MAX_PRICE + 1, MAX_PRICE)),
        ([2**256 - 1, 1], err("PriceTooHigh", 2**256 - 1, MAX_PRICE)),
    ]
    for prices, error in refused:
        with brownie.reverts(error):
            orders.openOrderWithPrices(maker, ids, usd, prices, deadline, OrderTerms.Prepaid, 0, arbiter,
                                       {"from": airline})
    assert orders.orderCount() == 0
    assert usd.balanceOf(airline) == 10 * USD


# ------------------------------------------------------------ settling lines


def test_a_delivery_pays_each_line_its_price_and_a_ruling_splits_the_rest(
    orders, parts, usd, maker, airline, arbiter
):
    ids = make_parts(parts, maker, "LP-D", 3)
    order_id = open_priced(orders, usd, airline, maker, arbiter, ids, [6 * USD, 3 * USD, 1 * USD])
    orders.acceptOrder(order_id, {"from": maker})
    tx = orders.deliver(order_id, [ids[0], ids[2]], {"from": maker})
    assert [e["amount"] for e in events(tx, "PartDelivered")] == [6 * USD, 1 * USD]
    assert usd.balanceOf(maker) == 7 * USD
    assert orders.escrowed(order_id) == 3 * USD
    orders.raiseDispute(order_id, SB, {"from": airline})
    tx = orders.rule(order_id, 2500, {"from": arbiter})
    assert (events(tx, "OrderRuled")[0]["toBuyer"], events(tx, "OrderRuled")[0]["toPayee"]) == (750_000, 2_250_000)
    assert orders.owed(usd, airline) == 750_000
    assert orders.owed(usd, maker) == 2_250_000
    assert parts.ownerOf(ids[1]) == maker and parts.ownerOf(ids[0]) == airline
    assert_balanced(orders, usd)


def test_on_credit_a_delivery_invoices_the_lines_prices_and_a_drop_releases_its_price(
    orders, receivables, parts, usd, maker, airline, arbiter, admin
):
    receivables.setCreditLine(airline, usd, 100 * USD, {"from": admin})
    ids = make_parts(parts, maker, "LP-C", 3)
    order_id = open_priced(orders, usd, airline, maker, arbiter, ids, [6 * USD, 3 * USD, 1 * USD],
                           terms=OrderTerms.Credit)
    assert receivables.creditOf(airline, usd)[2] == 10 * USD  # reserved: the sum
    orders.acceptOrder(order_id, {"from": maker})
    tx = orders.deliver(order_id, [ids[0], ids[2]], {"from": maker})
    receivable_id = events(tx, "ShipmentInvoiced")[0]["receivableId"]
    assert events(tx, "ShipmentInvoiced")[0]["amount"] == 7 * USD
    assert receivables.balanceOf(maker, receivable_id) == 7 * USD
    parts.recallPart(ids[1], SB, {"from": maker})
    orders.dropPart(order_id, ids[1], {"from": airline})
    _, outstanding, reserved = receivables.creditOf(airline, usd)
    assert (outstanding, reserved) == (7 * USD, 0)
    assert holding(orders, usd, maker) == 0 and holding(orders, usd, airline) == 0


# ------------------------------------------------------------ the SDK and the CLI


@pytest.fixture(scope="module")
def keyed_parties(arbiter, tier2, tier3):
    """The SDK signs with known keys: tier2 buys, tier3 sells (two parts the maker made), the
    financing cast's arbiter judges."""
    return {"buyer": tier2, "seller": tier3, "arbiter": arbiter}


@pytest.fixture
def sdk(keyed_parties, suite, tmp_path):
    """(manifest, client_of(who), env_of(who)) on the brownie suite, for keyed_parties."""
    manifest = write_manifest(suite, directory=tmp_path)
    rpc_url = brownie_web3.provider.endpoint_uri
    w3 = web3_for(rpc_url)
    deployment = Deployment.load(w3, manifest)

    def key(who):
        return "0x" + key_of(keyed_parties[who]).hex()

    def client_of(who):
        return Client(w3, deployment, Account.from_key(key(who)))

    def env_of(who):
        return {"PARTLEDGER_RPC_URL": rpc_url, "PARTLEDGER_MANIFEST": str(manifest), "PARTLEDGER_DEPLOYMENTS": None,
                "PARTLEDGER_PRIVATE_KEY": key(who), "PRIVATE_KEY": None}

    return client_of, env_of


@pytest.fixture
def seller_parts(parts, maker, keyed_parties):
    ids = make_parts(parts, maker, "LP-SDK", 2)
    for pid in ids:
        parts.transferFrom(maker, keyed_parties["seller"], pid, {"from": maker})
    return ids


def test_the_sdk_opens_an_order_priced_by_line_and_reads_each_lines_price(
    sdk, seller_parts, keyed_parties, orders, usd
):
    client_of, _ = sdk
    buyer, seller = client_of("buyer"), client_of("seller")
    arbiter = keyed_parties["arbiter"].address
    buyer.stablecoin.mint(buyer.address, 10 * USD)
    buyer.stablecoin.approve(buyer.orders.address, 10 * USD)
    deadline = latest_timestamp() + DAY
    with pytest.raises(exceptions.LinePricesMismatch) as info:
        buyer.orders.open_order_with_prices(seller.address, seller_parts, usd.address, [7 * USD], deadline,
                                            OrderTerms.Prepaid, 0, arbiter)
    assert info.value.args == {"partCount": 2, "priceCount": 1}
    with pytest.raises(exceptions.ZeroLinePrice) as zero:
        buyer.orders.open_order_with_prices(seller.address, seller_parts, usd.address, [0, 7 * USD], deadline,
                                            OrderTerms.Prepaid, 0, arbiter)
    assert zero.value.args == {"index": 0}
    receipt = buyer.orders.open_order_with_prices(seller.address, seller_parts, usd.address, [7 * USD, 3 * USD],
                                                  deadline, OrderTerms.Prepaid, 0, arbiter)
    order_id = int(receipt.event("OrderOpened").args["orderId"])
    assert list(receipt.event("OrderPricedByLine").args["linePrices"]) == [7 * USD, 3 * USD]
    assert [buyer.orders.share_of(order_id, i) for i in range(2)] == [7 * USD, 3 * USD]
    seller.orders.accept_order(order_id)
    seller.orders.deliver(order_id, [seller_parts[1]])
    assert seller.stablecoin.balance_of(seller.address) == 3 * USD
    assert buyer.orders.escrowed(order_id) == 7 * USD
    history = buyer.finance.order(order_id)
    assert history.line_prices == [7 * USD, 3 * USD] and history.price == 10 * USD
    assert [d.amount for d in history.deliveries] == [3 * USD]
    assert_balanced(orders, usd)


def test_the_cli_opens_an_order_with_line_prices_and_shows_each_lines_price(sdk, seller_parts, keyed_parties):
    client_of, env_of = sdk
    buyer, seller = client_of("buyer"), client_of("seller")
    buyer.stablecoin.mint(buyer.address, 10 * USD)
    arbiter = keyed_parties["arbiter"].address
    part_args = [hex(pid) for pid in seller_parts]

    def run(*args, who="buyer", code=ExitCode.OK):
        result = CliRunner().invoke(cli, [str(a) for a in args], env=env_of(who))
        assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        return result

    def run_json(*args, **kw):
        return json.loads(run("--json", *args, **kw).stdout)

    for bad in (("--line-prices", "7"), ("--line-prices", "7,3", "--price", "10"), ()):
        error = run_json("order", "open", seller.address, *part_args, *bad, "--arbiter", arbiter,
                         code=ExitCode.USAGE)["error"]
        assert error["name"] == "InvalidArgument", bad
    assert buyer.orders.order_count() == 0  # refused before anything was sent

    opened = run_json("order", "open", seller.address, *part_args, "--line-prices", "7,3", "--arbiter", arbiter)
    order_id = opened["order_id"]
    assert opened["price"] == 10 * USD and opened["line_prices"] == [7 * USD, 3 * USD] and opened["approve_tx"]
    run("order", "accept", order_id, who="seller")
    run("order", "deliver", order_id, part_args[0], who="seller")
    shown = run_json("order", "show", order_id)
    assert shown["parts"] == [
        {"part_id": seller_parts[0], "state": "Delivered", "price": 7 * USD},
        {"part_id": seller_parts[1], "state": "Pending", "price": 3 * USD},
    ]
    assert shown["escrowed"] == 3 * USD
    assert f"part {seller_parts[1]:#066x} Pending 3" in run("order", "show", order_id).stdout
    assert seller.stablecoin.balance_of(seller.address) == 7 * USD
    assert buyer.stablecoin.balance_of(buyer.address) == 0
