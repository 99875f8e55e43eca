"""The Content Security Policy: strict on the public site, relaxed in the
admin, whose editor (Draftail, the preview panel) uses inline styles and
scripts and shows the preview in a frame of its own."""

from csp.middleware import CSPMiddleware

ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.update = {**ADMIN_DIRECTIVES, **(parts.update or {})}
        return parts
