"""Mutating admission webhook of operator-scale.sh: every pod it is asked about gets the kwok nodes'
nodeSelector and toleration, so the benchmark's MTA pods land on simulated nodes (which mark them
Running and Ready without running them) and never on a real node.

    python3 kwok-placement.py PORT CERT KEY
"""

import base64
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATCH = base64.b64encode(
    json.dumps(
        [
            {"op": "add", "path": "/spec/nodeSelector", "value": {"type": "kwok"}},
            {
                "op": "add",
                "path": "/spec/tolerations",
                "value": [
                    {"key": "kwok.x-k8s.io/node", "operator": "Exists", "effect": "NoSchedule"}
                ],
            },
        ]
    ).encode()
).decode()


class Placement(BaseHTTPRequestHandler):
    def do_POST(self):
        review = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        answer = {
            "apiVersion": "admission.k8s.io/v1",
            "kind": "AdmissionReview",
            "response": {
                "uid": review["request"]["uid"],
                "allowed": True,
                "patchType": "JSONPatch",
                "patch": PATCH,
            },
        }
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    server = ThreadingHTTPServer(("127.0.0.1", port), Placement)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
