"""Packaging beyond pyproject.toml: Jejak's templates (site_templates/ at the repository's root,
which an office's repository copies and edits) are carried inside the wheel as
generator/site_templates/, where generator/templates.py (PACKAGED) finds them when Jejak is
installed. pyproject.toml cannot add such a mapped folder to the packages it finds itself."""

from setuptools import find_namespace_packages, find_packages, setup

# Every folder of site_templates/ named as a package of its own (setuptools warns of each one
# that holds files and is not), each carrying its files.
TEMPLATES = [
    "generator.site_templates",
    *(f"generator.site_templates.{name}" for name in find_namespace_packages(where="site_templates")),
]

setup(
    packages=[*find_packages(include=["generator*"]), *TEMPLATES],
    package_dir={"generator.site_templates": "site_templates"},
    package_data={name: ["*"] for name in TEMPLATES},
)
