"""Red team: a bulk item's done check must not call an item done that was never done.

``parentOf(child) == parent`` is the install check: for parent 0 it holds for every loose part,
so installing into part 0 (a missing id mapped to 0, say) was reported as skipped, already done,
with nothing sent and no error, where the registry refuses it (PartNotFound(0))."""

import pytest
from sdk_kit import register

from partledger.exceptions import InvalidArgument


def test_installing_into_part_zero_is_refused_not_reported_done(maker_client):
    pid = register(maker_client, "ATTACK-ZERO-PARENT")
    bulk = maker_client.bulk(progress=False)
    start = maker_client.w3.eth.get_transaction_count(maker_client.address)
    with pytest.raises(InvalidArgument, match="part id 0"):
        bulk.install_parts([(pid, 0)])
    with pytest.raises(InvalidArgument, match="part id 0"):
        bulk.install_parts([(0, pid)])
    assert maker_client.w3.eth.get_transaction_count(maker_client.address) == start
    assert maker_client.parts.parent_of(pid) == 0
