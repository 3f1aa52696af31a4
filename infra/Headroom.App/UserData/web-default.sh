#!/bin/bash
# Headroom's default web user data (Amazon Linux 2023). A placeholder application that answers the
# load balancer's health check, so a fresh deploy turns healthy before the shop's own code is rolled
# out. Replace it with web.fleet.userDataFile. Names between double at-signs are filled in at
# synthesis (the README lists them).
set -euo pipefail

port='@@APP_PORT@@'
health_path='@@HEALTH_PATH@@'

# python3 ships with Amazon Linux 2023: nothing to download before the instance can turn healthy.
install -d -m 0755 /opt/headroom
cat > /opt/headroom/placeholder.py <<'PY'
import http.server
import os

PORT = int(os.environ["PORT"])
HEALTH_PATH = os.environ["HEALTH_PATH"]
ENVIRONMENT = os.environ.get("ENVIRONMENT", "")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "headroom-placeholder"

    def do_GET(self):
        if self.path.split("?", 1)[0] == HEALTH_PATH:
            body = b"ok\n"
        else:
            body = f"Headroom {ENVIRONMENT}: placeholder. Deploy the shop with web.fleet.userDataFile.\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("", PORT), Handler).serve_forever()
PY

cat > /etc/systemd/system/headroom-placeholder.service <<UNIT
[Unit]
Description=Headroom placeholder web application (answers the health check)
After=network-online.target

[Service]
Environment=PORT=${port} HEALTH_PATH=${health_path} ENVIRONMENT=@@ENVIRONMENT@@
ExecStart=/usr/bin/python3 /opt/headroom/placeholder.py
DynamicUser=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now headroom-placeholder.service

# With rollingUpdate.waitOnResourceSignals, CloudFormation waits for each new instance to report
# that it serves the health path before it replaces the next batch.
if [ '@@WAIT_FOR_SIGNAL@@' = 'true' ]; then
  status=1
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "http://127.0.0.1:${port}${health_path}"; then status=0; break; fi
    sleep 5
  done
  command -v cfn-signal >/dev/null || dnf install -y -q aws-cfn-bootstrap
  signal="$(command -v cfn-signal || echo /opt/aws/bin/cfn-signal)"
  "$signal" --exit-code "$status" --stack '@@STACK_NAME@@' --resource '@@SIGNAL_RESOURCE@@' --region '@@REGION@@'
fi
