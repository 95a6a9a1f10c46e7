"""plugins/admin_cms: retiring a page is offered only where the save check guards it (`make editer`)."""
from __future__ import annotations

import yaml

from test_admin_cms import BACKEND, CONTENT, fake_dist
from plugins.admin_cms import write_admin


def page_deletes(out) -> dict[str, bool]:
    config = yaml.safe_load((out / "admin" / "config.yml").read_text("utf-8"))
    return {c["name"]: c["delete"] for c in config["collections"]}


def test_pages_can_be_retired_only_with_the_save_check_and_data_files_never(tmp_path):
    write_admin(tmp_path / "local", CONTENT, BACKEND, fake_dist(tmp_path), "http://127.0.0.1:8081/api/v1",
                verify_url="/__apercu__/verifier")
    local = page_deletes(tmp_path / "local")
    assert local == {"fiches": True, "prevention": True, "rapports": True, "pages": True,
                     "listes": False, "annuaire": False}
    write_admin(tmp_path / "prod", CONTENT, BACKEND, tmp_path / "dist", local_backend=False)
    assert not any(page_deletes(tmp_path / "prod").values())  # production: retired by a pull request
