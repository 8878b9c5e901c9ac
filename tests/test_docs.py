"""The examples in the partledger docstrings run as written."""

import doctest

import pytest

from partledger import (
    _abi,
    _bindings,
    _logs,
    client,
    decoding,
    enums,
    exceptions,
    ids,
    manifest,
    merkle,
    report,
    roles,
    signing,
)
from partledger.provenance import index, models, replay

MODULES = [
    _abi,
    _bindings,
    _logs,
    client,
    decoding,
    enums,
    exceptions,
    ids,
    manifest,
    merkle,
    models,
    replay,
    index,
    report,
    roles,
    signing,
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
