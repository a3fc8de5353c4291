"""`showcase init`: a new portfolio that builds, and a second run that changes nothing."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from builder.models.achievement import Achievement
from builder.models.profile import Profile
from builder.scaffold.project import MATERIAL_SCHEMA, plan
from tests.conftest import ROOT, run_showcase


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow  # one full build of the new portfolio (about 30 s warm-free)
def test_init_then_build_gives_the_owners_site_and_a_second_init_changes_nothing(
    tmp_path: Path,
) -> None:
    run_showcase("init", "--name", "Ada Example", "--github", "ada-example", cwd=tmp_path)
    run_showcase("build", cwd=tmp_path)
    home = (tmp_path / "site" / "index.html").read_text()
    assert "Ada Example" in home
    case_study = tmp_path / "site" / "achievements" / "example-achievement" / "index.html"
    assert "nightly evaluation of the support assistant" in case_study.read_text()
    assert "https://ada-example.github.io/" in (tmp_path / "site" / "sitemap.xml").read_text()

    before = snapshot(tmp_path)
    again = run_showcase("init", "--name", "Ada Example", cwd=tmp_path)
    assert snapshot(tmp_path) == before
    assert "0 files written" in again.stdout


def test_init_keeps_an_existing_profile_and_fills_in_the_rest(tmp_path: Path) -> None:
    profile = tmp_path / "achievements" / "profile.yml"
    profile.parent.mkdir()
    mine = "name: Already Here\nheadline: Mine\ntarget_roles: [LLM Engineer]\n"
    profile.write_text(mine)
    result = run_showcase("init", "--name", "Ada Example", cwd=tmp_path)
    assert (
        profile.read_text() == "name: Already Here\nheadline: Mine\ntarget_roles: [LLM Engineer]\n"
    )
    assert "kept     achievements/profile.yml (exists)" in result.stdout
    assert (tmp_path / "achievements" / "example-achievement.yml").is_file()
    assert (tmp_path / "mkdocs.yml").is_file()


def test_init_without_a_name_says_how_to_call_it(tmp_path: Path) -> None:
    result = run_showcase("init", cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "--name" in result.stderr + result.stdout
    assert not any(tmp_path.iterdir())


def test_starter_files_are_valid_and_carry_any_name_safely() -> None:
    name = 'Ada "Ace" Example: Jr. # not a comment'
    files = plan(name, "AdaX")
    profile = yaml.safe_load(files[Path("achievements/profile.yml")])
    assert Profile.model_validate(profile).name == name
    example = yaml.safe_load(files[Path("achievements/example-achievement.yml")])
    assert not Achievement.model_validate(example).draft  # published: the site shows it
    mkdocs = yaml.load(files[Path("mkdocs.yml")], Loader=yaml.BaseLoader)
    assert mkdocs["site_name"] == f"{name} · AI/MLOps portfolio"
    assert mkdocs["site_url"] == "https://adax.github.io/"
    assert "site_url:" not in plan("Ada", None)[Path("mkdocs.yml")].decode().replace(
        "# site_url", ""
    )


def test_profile_lists_every_cv_field_as_a_commented_example() -> None:
    text = plan("Ada", None)[Path("achievements/profile.yml")].decode()
    assert text.startswith("# yaml-language-server: $schema=schema/profile.schema.json\n")
    for field in Profile.model_fields:
        assert f"\n{field}:" in text or f"\n# {field}:" in text, field


def test_vscode_maps_every_schema_it_names_and_materials_for_mkdocs_yml() -> None:
    files = plan("Ada", None)
    settings = json.loads(files[Path(".vscode/settings.json")])["yaml.schemas"]
    assert settings[MATERIAL_SCHEMA] == ["mkdocs.yml"]
    local = [schema for schema in settings if not schema.startswith("https://")]
    assert local and all(Path(schema) in files for schema in local)


def test_starter_mkdocs_yml_has_the_demos_theme_plugins_and_extensions() -> None:
    starter = yaml.load(plan("Ada", None)[Path("mkdocs.yml")], Loader=yaml.BaseLoader)
    demo = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    for key in ("theme", "plugins", "markdown_extensions", "extra_css", "extra_javascript"):
        assert starter[key] == demo[key], key


def test_demo_switch_starts_from_todays_demo() -> None:
    files = plan("", None, demo=True)
    assert files[Path("mkdocs.yml")] == (ROOT / "mkdocs.yml").read_bytes()
    demo_profile = (ROOT / "achievements" / "profile.yml").read_bytes()
    assert files[Path("achievements/profile.yml")] == demo_profile
    assert Path("achievements/example-achievement.yml") not in files


def test_init_from_a_json_resume_writes_owner_files_with_the_schema_header(tmp_path: Path) -> None:
    resume = tmp_path / "resume.json"
    resume.write_text(
        json.dumps(
            {
                "basics": {"name": "Grace Sample", "label": "LLM Engineer"},
                "work": [
                    {
                        "name": "Acme Labs",
                        "position": "ML Engineer",
                        "startDate": "2021-02",
                        "highlights": ["Cut model serving cost by 40% with batching"],
                    }
                ],
            }
        )
    )
    project = tmp_path / "site-project"
    run_showcase("init", str(project), "--from-json-resume", str(resume), cwd=tmp_path)
    profile = (project / "achievements" / "profile.yml").read_text()
    assert profile.startswith("# yaml-language-server: $schema=schema/profile.schema.json\n")
    assert yaml.safe_load(profile)["name"] == "Grace Sample"
    imported = [p for p in (project / "achievements").glob("*.yml") if p.name != "profile.yml"]
    assert imported and all(
        p.read_text().startswith("# yaml-language-server: $schema=schema/achievement.schema.json")
        for p in imported
    )
    assert not (project / "achievements" / "example-achievement.yml").exists()
    assert "Grace Sample" in (project / "mkdocs.yml").read_text()


def test_readme_first_screen_goes_from_demo_to_own_portfolio() -> None:
    readme = (ROOT / "README.md").read_text()
    first_screen = "\n".join(readme.splitlines()[:40])
    assert "showcase init" in first_screen and "showcase build" in first_screen
    assert "| `showcase init" in readme


def install_the_wheel(tmp_path: Path) -> Path:
    """`pip install .` (not editable) into a throwaway venv; its dependencies are borrowed from
    the test venv through a .pth line, which adds the folder but runs none of its .pth hooks,
    so the clone's editable install cannot stand in for the wheel."""
    wheels, venv, source = tmp_path / "wheels", tmp_path / "venv", tmp_path / "source"
    # a copy: setuptools builds in the source tree (build/, egg-info), never in the clone
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in ("builder", "site_templates", "content", "notebooks", ".github"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)]
    subprocess.run(build, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (wheel,) = wheels.glob("showcase_builder-*.whl")
    install = [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    site_packages = next(venv.glob("lib/python*/site-packages"))
    (site_packages / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.mark.slow  # builds a wheel and a venv (about 20 s)
def test_init_works_from_an_installed_wheel_without_the_clone(tmp_path: Path) -> None:
    venv = install_the_wheel(tmp_path)
    target = tmp_path / "x"
    env = {"PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(venv / "bin" / "showcase"), "init", str(target), "--name", "Ada Example"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import builder; print(builder.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel's code, not the clone's
    assert "Ada Example" in (target / "achievements" / "profile.yml").read_text()
    for relative in (
        "site_templates/pages/home.md.j2",
        "content/assets/css/showcase.css",
        "notebooks/impact_model.ipynb",
        ".github/workflows/deploy.yml",
    ):
        assert (target / relative).read_bytes() == (ROOT / relative).read_bytes(), relative
    shipped = {p.relative_to(ROOT / "site_templates") for p in (ROOT / "site_templates").rglob("*")}
    written = {
        p.relative_to(target / "site_templates") for p in (target / "site_templates").rglob("*")
    }
    assert {p for p in shipped if p.name != ".gitkeep"} <= written
