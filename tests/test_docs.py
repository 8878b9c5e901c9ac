"""The examples in the partledger docstrings run as written."""

import doctest

import pytest

from partledger import _abi, _bindings, client, decoding, enums, exceptions, ids, manifest, merkle, provenance, report, roles, signing


@pytest.mark.parametrize(
    "module",
    [_abi, _bindings, client, decoding, enums, exceptions, ids, manifest, merkle, provenance, report, roles, signing],
    ids=lambda m: m.__name__,
)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
