from wagtail.permissions import register_permission_policy

from .models import Feedback
from .permissions import FeedbackPermissionPolicy

register_permission_policy(Feedback, FeedbackPermissionPolicy(Feedback))
