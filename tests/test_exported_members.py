"""The public surface is curated: every name in __all__ exists, is documented,
and presents itself as militnet.X (as httpx's test_exported_members does)."""

import militnet


def test_all_exported_members_exist_and_are_documented():
    for name in militnet.__all__:
        obj = getattr(militnet, name)
        if name.isupper() or name.startswith("__"):
            continue
        assert obj.__doc__, f"{name} has no docstring"


def test_classes_and_functions_present_as_militnet():
    exported = {n: getattr(militnet, n) for n in militnet.__all__}
    for name, obj in exported.items():
        mod = getattr(obj, "__module__", None)
        if mod is None or name in militnet._LAZY:
            continue
        assert mod == "militnet", f"{name}.__module__ is {mod!r}"


def test_no_private_names_exported():
    assert all(not n.startswith("_") or n == "__version__" for n in militnet.__all__)
    assert len(set(militnet.__all__)) == len(militnet.__all__)


def test_errors_form_one_family_with_builtins():
    assert issubclass(militnet.ValidationError, (militnet.MilitnetError, ValueError))
    assert issubclass(militnet.UnknownGroupError, KeyError)
    assert issubclass(militnet.AmbiguousNameError, KeyError)
    assert issubclass(militnet.DateError, ValueError)
    for name in militnet.__all__:
        obj = getattr(militnet, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, militnet.MilitnetError), name
