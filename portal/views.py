from django.http import HttpResponse


def healthz(request):
    """Liveness for load balancers and benchmarks: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
