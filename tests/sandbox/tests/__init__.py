# A package, so these test modules get unique names (sandbox.tests.test_core)
# next to the other test_*.py files of the repository.
