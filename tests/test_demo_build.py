"""The demo build the tests share is kept between runs (tests/conftest.py):
it must be built again whenever what it is built from changes, and only then."""

from .conftest import demo_build_key


def test_the_demo_build_follows_the_code_and_settings_it_comes_from_but_not_the_tests(tmp_path, settings, monkeypatch):
    for path in ("guides/models.py", "demo/en/topics.yaml", "tests/test_pages.py"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("first")
    settings.BASE_DIR = tmp_path
    monkeypatch.delenv("TRANSLATIONS_NEED_REVIEW", raising=False)
    key = demo_build_key()

    (tmp_path / "tests/test_pages.py").write_text("changed")
    (tmp_path / "guides/__pycache__").mkdir()
    (tmp_path / "guides/__pycache__/models.cpython-311.pyc").write_text("compiled")
    assert demo_build_key() == key

    keys = {key}
    for path in ("guides/models.py", "demo/en/topics.yaml"):
        (tmp_path / path).write_text("changed")
        keys.add(demo_build_key())
    monkeypatch.setenv("TRANSLATIONS_NEED_REVIEW", "true")
    keys.add(demo_build_key())
    assert len(keys) == 4
