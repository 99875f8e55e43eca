from wagtail.permission_policies import ModelPermissionPolicy


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Readers give feedback on the site; in the admin it is only read and
    handled, so nobody, not even an administrator, is offered "Add"."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])
