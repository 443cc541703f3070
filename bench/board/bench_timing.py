import time


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>`: the time spent inside Django for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.2f}"
        return response
