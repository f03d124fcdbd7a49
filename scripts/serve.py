#!/usr/bin/python3
"""Serves a folder (default: build-web/site) on 127.0.0.1 for the playground and its tests:
correct MIME types (application/wasm), the COOP/COEP headers that a threaded build will need,
no caching of index.html and revalidation of everything else, the page's Content-Security-Policy
(as in web/index.html) with X-Content-Type-Options: nosniff, quiet logs. Prints the address
once listening; --port 0 picks a free port. Not a production server."""

import argparse
import http.server
import os
import sys
from functools import partial

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".md": "text/markdown; charset=utf-8",
    ".data": "application/octet-stream",
    ".ttf": "font/ttf",
}


# The page runs only its own scripts and compiles only its own WebAssembly: no eval, no
# inline script, no third-party URL. Kept equal to the <meta> policy in web/index.html.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    verbose = False

    def end_headers(self):
        # Cross-origin isolation (SharedArrayBuffer for a future pthreads build).
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.endswith("/") or path.endswith(".html"):
            self.send_header("Cache-Control", "no-store")
        else:
            # A .js from one build with a .wasm from another fails obscurely: always revalidate.
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):
        pass

    def log_request(self, code="-", size="-"):
        if self.verbose or (isinstance(code, int) and code >= 400):
            sys.stderr.write(f"{self.command} {self.path} -> {code}\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser closing a connection mid-transfer is normal, not worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=os.path.join(ROOT, "build-web", "site"))
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args()

    if not os.path.isfile(os.path.join(args.directory, "index.html")):
        sys.exit(f"serve.py: no index.html in {args.directory} (run scripts/build_web.sh first)")
    Handler.verbose = args.verbose
    server = Server((args.host, args.port), partial(Handler, directory=args.directory))
    host, port = server.server_address[:2]
    print(f"Serving {args.directory} at http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
