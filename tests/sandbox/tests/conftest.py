import pytest

from sandbox.client import SandboxClient
from sandbox.testshop import TestshopSandbox

from .receiver import Receiver


@pytest.fixture(scope="module")
def testshop_server():
    """One testshop sandbox per test module (starting one costs ~1 ms, but
    sharing it also proves that reset() really isolates tests)."""
    with TestshopSandbox() as server:
        yield server


@pytest.fixture
def shop(testshop_server):
    testshop_server.reset()
    return testshop_server


@pytest.fixture
def api(shop):
    """A client sending the shop's token."""
    return SandboxClient(shop.url, {"X-Shop-Token": shop.token})


@pytest.fixture
def receiver():
    with Receiver() as receiver:
        yield receiver
