from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site: the YAML in this folder and `load_demo_content`, which
    builds the portal from it."""

    name = "demo"
    verbose_name = "Demo content"
