from django.apps import AppConfig


class BackupConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: the whole portal in one
    signed archive, and back into a new database."""

    name = "backup"
    verbose_name = "Backup and restore"
