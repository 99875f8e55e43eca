"""The editorial roles, as groups. Idempotent: `manage.py ensure_roles`
runs on every `make run` and release. Translators' groups (one per
language) are made by languages.setup."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

EDITORS, REVIEWERS, ADMINISTRATORS = "Editors", "Reviewers", "Administrators"
WORKFLOW = "Review before publishing"
# Made by Wagtail's first migrations: a group that may publish every page in
# every language, and its own approval workflow. Not a role here.
WAGTAIL_DEFAULT_GROUPS = ["Moderators"]

# Snippets editors keep up to date, and the reader feedback they handle.
EDITOR_MODEL_PERMISSIONS = [
    ("guides", "office", ["add", "change"]),
    ("guides", "glossaryterm", ["add", "change"]),
    ("guides", "publication", ["add", "change"]),
    ("search", "synonym", ["add", "change", "delete"]),
    ("feedback", "feedback", ["change", "view"]),
    ("wagtaildocs", "document", ["add", "change", "choose"]),
    ("wagtailimages", "image", ["add", "change", "choose"]),
]
# Offices and glossary terms go live through the same review as pages:
# reviewers publish them, editors submit their changes.
REVIEWER_MODEL_PERMISSIONS = [
    ("guides", "office", ["publish", "lock", "unlock"]),
    ("guides", "glossaryterm", ["publish", "lock", "unlock"]),
]
# The snippets "Review before publishing" applies to.
REVIEWED_SNIPPETS = [("guides", "office"), ("guides", "glossaryterm")]
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}


def model_permissions(spec):
    found = []
    for app_label, model, actions in spec:
        found += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]
        )
    return found


def ensure_roles():
    root = Page.get_first_root_node()
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    submit_translation = list(Permission.objects.filter(codename="submit_translation"))
    editor_permissions = model_permissions(EDITOR_MODEL_PERMISSIONS)
    groups = {}
    for name in (EDITORS, REVIEWERS, ADMINISTRATORS):
        group, _ = Group.objects.get_or_create(name=name)
        # Exactly these: Wagtail's own first migration made an "Editors"
        # group that may also delete images and documents.
        if name == ADMINISTRATORS:
            group.permissions.set(Permission.objects.all())
        else:
            reviewing = model_permissions(REVIEWER_MODEL_PERMISSIONS) if name == REVIEWERS else []
            group.permissions.set([admin_access, *submit_translation, *editor_permissions, *reviewing])
        GroupPagePermission.objects.filter(group=group, page=root).exclude(
            permission__codename__in=PAGE_PERMISSIONS[name]
        ).delete()
        for codename in PAGE_PERMISSIONS[name]:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        groups[name] = group
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    workflow = ensure_workflow(root, groups[REVIEWERS])
    remove_other_workflows(workflow)
    return groups


def ensure_workflow(root, reviewers):
    """Every page, in every language, goes live only after a reviewer
    approves it (an editor submits; a reviewer approves or asks for changes)."""
    workflow, _ = Workflow.objects.update_or_create(name=WORKFLOW, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Reviewer approval")
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    for app_label, model in REVIEWED_SNIPPETS:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
    return workflow


def remove_other_workflows(kept):
    """Only the review workflow decides who publishes (Wagtail's default
    "Moderators approval" would let its group approve any page). A workflow
    or task with history is deactivated rather than deleted, so that the
    pages' history keeps its entries; one never used is deleted."""
    kept_tasks = kept.workflow_tasks.values_list("task_id", flat=True)
    for workflow in Workflow.objects.exclude(pk=kept.pk):
        if WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.deactivate()
        else:
            workflow.delete()
    for task in Task.objects.exclude(pk__in=kept_tasks):
        if TaskState.objects.filter(task=task).exists():
            task.deactivate()
        else:
            task.delete()
