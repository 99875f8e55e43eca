from django.middleware.locale import LocaleMiddleware


class ReaderLocaleMiddleware(LocaleMiddleware):
    """Django's, except that a JSON 404 stays a 404. Django sends any 404
    without a language in its address on to /en/…, which suits a reader who
    typed /health/ but turns an API's "no such item" into a redirect to an
    HTML page (the site's catch-all makes every /en/ address look valid)."""

    def process_response(self, request, response):
        if response.status_code == 404 and response.get("Content-Type", "").startswith("application/json"):
            return response
        return super().process_response(request, response)
