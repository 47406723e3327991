"""Packaging beyond pyproject.toml: Jejak's templates (site_templates/ at the repository's root,
which an office's repository copies and edits) are carried inside the wheel as
generator/site_templates/, where generator/templates.py (PACKAGED) finds them when Jejak is
installed. pyproject.toml cannot add such a mapped folder to the packages it finds itself."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["generator*"]), "generator.site_templates"],
    package_dir={"generator.site_templates": "site_templates"},
    package_data={"generator.site_templates": ["**/*"]},
)
