#!/bin/bash
# Headroom's default worker user data (Amazon Linux 2023). It only records where the worker finds its
# settings: the queue URLs are in SSM Parameter Store under @@PARAMETER_PATH@@/queues/<name>/url, and the
# instance role may receive, delete and change the visibility of their messages, nothing else. Replace
# it with queues.workers.fleet.userDataFile, which starts the shop's own worker. (Until then nothing
# drains the queues: the group grows towards its maximum as messages wait.)
# Placeholders filled in at synthesis: @@ENVIRONMENT@@, @@PARAMETER_PATH@@, @@STACK_NAME@@, @@REGION@@,
# @@SIGNAL_RESOURCE@@ and @@WAIT_FOR_SIGNAL@@ (for cfn-signal).
set -euo pipefail

install -d -m 0755 /etc/headroom
cat > /etc/headroom/worker.env <<ENV
HEADROOM_ENVIRONMENT=@@ENVIRONMENT@@
HEADROOM_PARAMETER_PATH=@@PARAMETER_PATH@@
AWS_REGION=@@REGION@@
ENV

# With rollingUpdate.waitOnResourceSignals, CloudFormation waits for each new instance to report in
# before it replaces the next batch.
if [ '@@WAIT_FOR_SIGNAL@@' = 'true' ]; then
  command -v cfn-signal >/dev/null || dnf install -y -q aws-cfn-bootstrap
  signal="$(command -v cfn-signal || echo /opt/aws/bin/cfn-signal)"
  "$signal" --exit-code 0 --stack '@@STACK_NAME@@' --resource '@@SIGNAL_RESOURCE@@' --region '@@REGION@@'
fi
