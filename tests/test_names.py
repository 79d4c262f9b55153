import pytest

import militnet


@pytest.mark.parametrize(
    ("name", "gid"),
    [
        ("ttp", "ttp"),
        ("TTP", "ttp"),
        ("Tehrik-i-Taliban Pakistan", "ttp"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("tehrik e taliban pakistan", "ttp"),
        ("  the Pakistani Taliban ", "ttp"),
        ("Jamaatul Ahrar", "jua"),
        ("Jamaat-ul-Ahrar", "jua"),
        ("Jamāʿat-ul-Aḥrār", "jua"),
        ("ISIS-K", "iskp"),
        ("isis k", "iskp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("Jundallah (Iran)", "jundallah-ir"),
        ("jundullah pakistan", "jundallah-pk"),
    ],
)
def test_forgiving_lookup(tiny, name, gid):
    assert tiny.resolve(name) == gid


@pytest.mark.parametrize("name", ["Jundallah", "Jundullah", "JUNDULLAH", "Jund-Allah"])
def test_ambiguous_name_lists_candidates(tiny, name):
    with pytest.raises(militnet.AmbiguousNameError) as info:
        tiny.resolve(name)
    assert info.value.candidates == ["jundallah-ir", "jundallah-pk"]
    assert "Jundallah (Iran) (jundallah-ir)" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_unknown_name_suggests(tiny):
    with pytest.raises(militnet.UnknownGroupError) as info:
        tiny.resolve("Tehrik Taliban Pakistan")
    assert "Tehrik-i-Taliban Pakistan (ttp)" in info.value.suggestions
    assert "did you mean" in str(info.value)
    with pytest.raises(KeyError):
        tiny.resolve("")


def test_group_record_by_name(tiny):
    g = tiny.group("Pakistani Taliban")
    assert g.id == "ttp" and g.founded.precision == "month"
    with pytest.raises(militnet.UnknownIdError):
        tiny.relation("r999")
    assert tiny.source("s1").url == "https://example.org/a"
