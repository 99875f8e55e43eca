"""The Content Security Policy: strict on the public site, relaxed in the
admin, whose editor (Draftail, the preview panel) uses inline styles and
scripts and shows the preview in a frame of its own."""

from csp.middleware import CSPMiddleware

# Added to the public policy's sources.
ADMIN_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
# Instead of the public 'none': a source list with 'none' and anything else
# is invalid, and browsers ignore it with an error in the console.
ADMIN_REPLACEMENTS = {
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def is_admin(request):
    """The admin, and previews: Wagtail renders a preview through the whole
    middleware stack with a made-up request for the page's public address
    (is_preview), and the admin shows it in its preview panel's frame."""
    return request.path_info.startswith("/admin/") or getattr(request, "is_preview", False)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin(request):
            parts.update = {**ADMIN_ADDITIONS, **(parts.update or {})}
            parts.replace = {**ADMIN_REPLACEMENTS, **(parts.replace or {})}
        return parts
