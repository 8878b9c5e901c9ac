"""The examples in the partledger docstrings run as written."""

import doctest

import pytest

from partledger import _bindings, client, errors, ids, manifest, merkle, provenance, report, roles, signing


@pytest.mark.parametrize("module", [errors, ids, manifest, merkle, provenance, report, roles, signing, client, _bindings], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
